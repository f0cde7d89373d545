import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { dynamoClient } from '../../adapters/dynamoClient';
import { s3Client } from '../../adapters/s3Client';
import { sqsClient } from '../../adapters/sqsClient';
import { DynamoArticleState } from '../../adapters/dynamoArticleState';
import { S3ContentSource } from '../../adapters/s3ContentSource';
import { S3SiteStore } from '../../adapters/s3SiteStore';
import { SqsAnnouncer } from '../../adapters/sqsAnnouncer';
import { xsltProcessorScript } from '../../adapters/xsltProcessorScript';
import { flushMetrics } from '../../adapters/flushMetrics';
import { SITE_PATHS } from '../../site/sitePaths';
import { publishConfigFrom } from './config';
import { powertoolsPublishLog } from './powertoolsPublishLog';
import type { Announcer } from '../../publish/ports';
import { Publisher, type PublishLog } from '../../publish/publisher';

/** The publish function as Lambda calls it. */
export type PublishHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

/**
 * Builds the publish handler from an environment: config, clients and the
 * publisher are made once, outside the per-event function. The Lambda calls
 * it with `process.env`; `herald dev` with the local stack's settings and its
 * own announcements queue as `announcer`, and an `observer` that hears of
 * each article published or removed.
 */
export function createPublishHandler(env: NodeJS.ProcessEnv, ports: { announcer?: Announcer; observer?: Pick<PublishLog, 'published' | 'removed'> } = {}): PublishHandler {
  const config = publishConfigFrom(env);
  const logger = new Logger({ serviceName: 'herald-publish', ...(config.logLevel && { logLevel: config.logLevel }) });
  const metrics = new Metrics({ namespace: 'Herald', serviceName: 'publish' });
  const s3 = s3Client(config.endpoints.s3);
  const publisher = new Publisher({
    site: config.site,
    content: new S3ContentSource(s3, config.contentBucket),
    output: new S3SiteStore(s3, config.siteBucket, config.contentBucket),
    state: new DynamoArticleState(dynamoClient(config.endpoints.dynamodb), config.table),
    announcer: ports.announcer ?? (config.announceQueueUrl
      ? new SqsAnnouncer(sqsClient(config.endpoints.sqs), config.announceQueueUrl)
      : { announce: async (event) => logger.info('article first published', { ...event }) }),
    log: observed(powertoolsPublishLog(logger, metrics), ports.observer),
    siteAssets: [{ path: SITE_PATHS.xsltProcessor, body: xsltProcessorScript() }],
  });
  return async (event, context) => {
    if (context) logger.addContext(context);
    // The first message names the batch in every log line; each line about one message names it too.
    logger.setCorrelationId(event.Records[0]?.messageId);
    try {
      const { failed } = await publisher.publishBatch(event.Records.map((r) => ({ id: r.messageId, body: r.body })));
      return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
    } finally {
      flushMetrics(metrics);
    }
  };
}

function observed(log: PublishLog, observer: Pick<PublishLog, 'published' | 'removed'> | undefined): PublishLog {
  if (!observer) return log;
  return {
    ...log,
    published: (key, slug) => {
      log.published(key, slug);
      observer.published(key, slug);
    },
    removed: (key, slug) => {
      log.removed(key, slug);
      observer.removed(key, slug);
    },
  };
}
