import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { sqsClient } from '../../adapters/sqsClient';
import { flushMetrics } from '../../adapters/flushMetrics';
import { powertoolsPublishLog } from '../../adapters/powertoolsPublishLog';
import { SqsAnnouncer } from '../../adapters/sqsAnnouncer';
import { SqsHubPingQueue } from '../../adapters/sqsHubPingQueue';
import type { HubPingQueue } from '../../websub/ports';
import { xsltProcessorScript } from '../../adapters/xsltProcessorScript';
import type { Announcer, RebuildRequest } from '../../publish/ports';
import type { PublishLog } from '../../publish/publishLog';
import { parseRebuildRequest } from '../../publish/rebuildRequest';
import { Rebuilder } from '../../publish/rebuilder';
import { SITE_PATHS } from '../../site/sitePaths';
import { publishingPorts } from '../publish/publishingPorts';
import { rebuildConfigFrom } from './config';

/** The rebuild function as Lambda calls it. */
export type RebuildHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

/**
 * Builds the rebuild handler: the FIFO queue's batch in, the site brought up
 * to date and first publications announced. Locally, `announcer` replaces
 * the announcements queue (the stack's own queue), `hubPings` the WebSub
 * ping queue, and `observer` hears of each article put on the site or taken
 * off it.
 */
export function createRebuildHandler(env: NodeJS.ProcessEnv, ports: { announcer?: Announcer; hubPings?: HubPingQueue; observer?: Pick<PublishLog, 'published' | 'removed'> } = {}): RebuildHandler {
  const config = rebuildConfigFrom(env);
  const logger = new Logger({ serviceName: 'herald-rebuild', ...(config.logLevel && { logLevel: config.logLevel }) });
  // Counted under the publish service, so one ArticlesRejected alarm covers a slug collision the rebuild finds.
  const metrics = new Metrics({ namespace: 'Herald', serviceName: 'publish' });
  const hubPings = ports.hubPings ?? (config.websubQueueUrl ? new SqsHubPingQueue(sqsClient(config.endpoints.sqs), config.websubQueueUrl) : undefined);
  const rebuilder = new Rebuilder({
    ...publishingPorts(config),
    announcer: ports.announcer ?? (config.announceQueueUrl
      ? new SqsAnnouncer(sqsClient(config.endpoints.sqs), config.announceQueueUrl)
      : { announce: async (event) => logger.info('article first published', { ...event }) }),
    log: observed(powertoolsPublishLog(logger, metrics), ports.observer),
    // The feeds' browser preview loads this processor from the site where the browser has no XSLT.
    siteAssets: [{ path: SITE_PATHS.xsltProcessor, body: xsltProcessorScript() }],
    ...(hubPings && { hubPings }),
  });
  return async (event, context) => {
    if (context) logger.addContext(context);
    logger.setCorrelationId(event.Records[0]?.messageId);
    const requests: RebuildRequest[] = [];
    const poison: string[] = [];
    for (const record of event.Records) {
      try {
        requests.push(parseRebuildRequest(record.body));
      } catch (error) {
        logger.error('not a rebuild request; it will be retried, then dead-lettered', { messageId: record.messageId, error: error as Error });
        poison.push(record.messageId);
      }
    }
    try {
      // Every rebuild reads the current state, so order within the group does not matter and only the unreadable messages
      // are reported; anything else that fails throws, and the whole batch comes back.
      if (requests.length > 0) await rebuilder.rebuild(requests);
      return { batchItemFailures: poison.map((itemIdentifier) => ({ itemIdentifier })) };
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
