import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { dynamoClient } from '../../adapters/dynamoClient';
import { s3Client } from '../../adapters/s3Client';
import { sqsClient } from '../../adapters/sqsClient';
import { DynamoCampaignStore } from '../../adapters/dynamoCampaignStore';
import { DynamoSubscriberStore } from '../../adapters/dynamoSubscriberStore';
import { S3EntryStore } from '../../adapters/s3EntryStore';
import { SqsDeliveryQueue } from '../../adapters/sqsDeliveryQueue';
import { flushMetrics } from '../../adapters/flushMetrics';
import type { DeliveryQueue } from '../../newsletter/ports';
import { FanOutBusyError } from '../../newsletter/errors';
import { parseDigestRequest } from '../../newsletter/digestRequest';
import { Notifier } from '../../newsletter/notifier';
import { parseAnnouncementMessage } from '../../publish/announcementMessage';
import { notifyConfigFrom } from './config';

/** The notify function as Lambda calls it. */
export type NotifyHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

/**
 * Builds the notify handler: announcements (and the schedule's weekly digest
 * requests) in, a campaign and its queued batches out. `queue` replaces the
 * SQS send queue (the local stack's own queue).
 */
export function createNotifyHandler(env: NodeJS.ProcessEnv, ports: { queue?: DeliveryQueue } = {}): NotifyHandler {
  const config = notifyConfigFrom(env);
  const logger = new Logger({ serviceName: 'herald-notify', ...(config.logLevel && { logLevel: config.logLevel }) });
  const metrics = new Metrics({ namespace: 'Herald', serviceName: 'notify' });
  const db = dynamoClient(config.endpoints.dynamodb);
  const notifier = new Notifier({
    site: config.site,
    newsletter: config.newsletter,
    articles: new S3EntryStore(s3Client(config.endpoints.s3), config.entriesBucket),
    campaigns: new DynamoCampaignStore(db, config.campaignsTable),
    subscribers: new DynamoSubscriberStore(db, config.subscribersTable),
    queue: ports.queue ?? new SqsDeliveryQueue(sqsClient(config.endpoints.sqs), config.sendQueueUrl),
  });
  return async (event, context) => {
    if (context) logger.addContext(context);
    // The first message names the batch in every log line; each line about one message names it too.
    logger.setCorrelationId(event.Records[0]?.messageId);
    const failures: string[] = [];
    try {
      for (const record of event.Records) {
        try {
          const digestAt = parseDigestRequest(record.body);
          const campaign = digestAt ? await notifier.digest(digestAt) : await notifier.handle(parseAnnouncementMessage(record.body));
          logger.info('campaign', { campaign: campaign.id, state: campaign.state, skipReason: campaign.skipReason, recipients: campaign.recipients, batches: campaign.batches });
          if (campaign.state === 'skipped') metrics.addMetric('CampaignsSkipped', MetricUnit.Count, 1);
          else metrics.addMetric('RecipientsQueued', MetricUnit.Count, campaign.recipients);
        } catch (error) {
          // A busy fan-out is normal when an announcement repeats; the retry finds it finished.
          if (error instanceof FanOutBusyError) logger.info(error.message, { messageId: record.messageId });
          else logger.error('announcement failed; it will be retried', { messageId: record.messageId, error: error as Error });
          failures.push(record.messageId);
        }
      }
    } finally {
      flushMetrics(metrics);
    }
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
