import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { dynamoClient } from '../../adapters/dynamoClient';
import { sesClient } from '../../adapters/sesClient';
import { sqsClient } from '../../adapters/sqsClient';
import { SqsDeliveryQueue } from '../../adapters/sqsDeliveryQueue';
import type { DeliveryQueue } from '../../newsletter/ports';
import { DynamoCampaignStore } from '../../adapters/dynamoCampaignStore';
import { DynamoBatchReader } from '../../adapters/dynamoBatchReader';
import { readSecret } from '../../adapters/readSecret';
import { accountDailyQuota, accountSendRate, SesBulkMailer } from '../../adapters/sesBulkMailer';
import { flushMetrics } from '../../adapters/flushMetrics';
import type { DeliveryBatch } from '../../newsletter/campaign';
import { Sender, type SendLog } from '../../newsletter/sender';
import { realClock, SendPacer } from '../../newsletter/sendPacer';
import { preferencesLink, unsubscribeLink } from '../../subscriptions/unsubscribeLink';
import { sendConfigFrom } from './config';

/** The send function as Lambda calls it. */
export type SendHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

// A new SES account in the sandbox may send one message per second.
const SANDBOX_RATE = 1;
// The longest delay SQS allows a message (DelaySeconds).
const MAX_DELAY_SECONDS = 900;

/**
 * Builds the send handler: config and clients at cold start; the token key
 * and the account's sending rate on the first batch. A batch that waits for
 * the account's daily quota goes back on the send queue with a delay (`queue`
 * replaces the SQS queue, as the local stack's own queue), so waiting never
 * uses up its receives and it is never dead-lettered for the quota.
 */
export function createSendHandler(env: NodeJS.ProcessEnv, ports: { queue?: DeliveryQueue } = {}): SendHandler {
  const config = sendConfigFrom(env);
  const queue = ports.queue ?? (config.sendQueueUrl ? new SqsDeliveryQueue(sqsClient(config.endpoints.sqs), config.sendQueueUrl) : undefined);
  const logger = new Logger({ serviceName: 'herald-send', ...(config.logLevel && { logLevel: config.logLevel }) });
  const metrics = new Metrics({ namespace: 'Herald', serviceName: 'send' });
  const db = dynamoClient(config.endpoints.dynamodb);
  const ses = sesClient(config.endpoints.ses, { maxAttempts: 1 });
  const log: SendLog = {
    sent: (_campaign, count) => metrics.addMetric('MailsSent', MetricUnit.Count, count),
    failed: (campaign, email, reason) => {
      logger.warn('SES rejected a recipient', { campaign, email, reason });
      metrics.addMetric('MailsFailed', MetricUnit.Count, 1);
    },
    throttled: (campaign, reason) => {
      logger.info('SES throttled', { campaign, reason });
      metrics.addMetric('MailsThrottled', MetricUnit.Count, 1);
    },
    completed: (campaign) => {
      const seconds = (Date.parse(campaign.endedAt ?? '') - Date.parse(campaign.startedAt)) / 1000;
      logger.info('campaign done', { campaign: campaign.id, seconds, recipients: campaign.recipients, sent: campaign.sent, failed: campaign.failed, suppressed: campaign.suppressed, unknown: campaign.unknown });
      metrics.addMetric('CampaignDuration', MetricUnit.Seconds, seconds);
      metrics.addMetric('CampaignsCompleted', MetricUnit.Count, 1);
    },
  };
  let sender: Promise<Sender> | undefined;
  const ready = async (): Promise<Sender> => {
    const secret = 'arn' in config.tokenSecret ? await readSecret(new SecretsManagerClient({}), config.tokenSecret.arn) : config.tokenSecret.value;
    const rate = config.sendRate ?? (await accountSendRate(ses)) ?? SANDBOX_RATE;
    return new Sender({
      campaigns: new DynamoCampaignStore(db, config.campaignsTable),
      batches: new DynamoBatchReader(db, { campaigns: config.campaignsTable, subscribers: config.subscribersTable }),
      mailer: new SesBulkMailer(ses, { from: config.newsletter.from, ...(config.newsletter.replyTo && { replyTo: config.newsletter.replyTo }), ...(config.configurationSet && { configurationSet: config.configurationSet }) }),
      pacer: new SendPacer(rate / config.concurrency, realClock, { read: () => accountDailyQuota(ses) }),
      unsubscribeUrl: (id) => unsubscribeLink(config.site.url, secret, id, new Date()),
      preferencesUrl: (id) => preferencesLink(config.site.url, secret, id, new Date()),
      log,
      leaseMs: config.leaseMs,
    });
  };
  return async (event, context) => {
    if (context) logger.addContext(context);
    // The first message names the batch in every log line; each line about one message names it too.
    logger.setCorrelationId(event.Records[0]?.messageId);
    const failures: string[] = [];
    try {
      // A failed start (Secrets Manager down) is tried again on the next event, not cached.
      sender ??= ready().catch((error: unknown) => {
        sender = undefined;
        throw error;
      });
      const worker = await sender;
      for (const record of event.Records) {
        try {
          const batch = JSON.parse(record.body) as DeliveryBatch;
          const outcome = await worker.handle(batch);
          if (!outcome.settled && outcome.retryAfterMs && queue) {
            const delaySeconds = Math.min(MAX_DELAY_SECONDS, Math.ceil(outcome.retryAfterMs / 1000));
            // A copy goes back with a delay and this delivery succeeds: the ledger keeps a duplicate from mailing anyone twice.
            await queue.enqueue([batch], { delaySeconds });
            logger.info('daily quota used up; batch queued again', { messageId: record.messageId, delaySeconds, reason: outcome.reason });
            metrics.addMetric('BatchesWaitingForQuota', MetricUnit.Count, 1);
          } else if (!outcome.settled) {
            logger.info('batch not settled; it will be retried', { messageId: record.messageId, reason: outcome.reason });
            failures.push(record.messageId);
          }
        } catch (error) {
          logger.error('batch failed; it will be retried', { messageId: record.messageId, error: error as Error });
          failures.push(record.messageId);
        }
      }
    } finally {
      flushMetrics(metrics);
    }
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
