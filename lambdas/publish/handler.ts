import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { dynamoClient, s3Client, sqsClient } from '../adapters/awsClients';
import { DynamoArticleState } from '../adapters/dynamoArticleState';
import { S3ContentSource } from '../adapters/s3ContentSource';
import { S3SiteStore } from '../adapters/s3SiteStore';
import { SqsAnnouncer } from '../adapters/sqsAnnouncer';
import { publishConfigFrom } from './config';
import { powertoolsPublishLog } from './powertoolsPublishLog';
import { Publisher } from './publisher';

const config = publishConfigFrom(process.env);
const logger = new Logger({ serviceName: 'herald-publish' });
const metrics = new Metrics({ namespace: 'Herald', serviceName: 'publish' });
const s3 = s3Client(config.endpoints.s3);

const publisher = new Publisher({
  site: config.site,
  content: new S3ContentSource(s3, config.contentBucket),
  output: new S3SiteStore(s3, config.siteBucket, config.contentBucket),
  state: new DynamoArticleState(dynamoClient(config.endpoints.dynamodb), config.table),
  announcer: config.announceQueueUrl
    ? new SqsAnnouncer(sqsClient(config.endpoints.sqs), config.announceQueueUrl)
    : { announce: async (event) => logger.info('article first published', { ...event }) },
  log: powertoolsPublishLog(logger, metrics),
});

/**
 * Publish function: S3 content events (and the schedule's ticks) arrive
 * through SQS; messages that fail are reported so only they are retried.
 */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  try {
    const { failed } = await publisher.publishBatch(event.Records.map((r) => ({ id: r.messageId, body: r.body })));
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  } finally {
    metrics.publishStoredMetrics();
  }
}
