import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { InvalidEmailError } from '../../subscriptions/errors';
import type { Invitation, InvitationQueue } from '../../subscriptions/ports';
import type { InvitationOutcome, Subscriptions } from '../../subscriptions/subscriptions';
import { subscriptionConfigFrom } from '../api/config';
import { subscriptionsFrom } from '../api/subscriptionsFrom';

// This function sends the invitations' mails; it never takes a subscribe request, so it queues nothing.
const NO_QUEUE: InvitationQueue = {
  enqueue: async () => {
    throw new Error('the invite function does not take subscribe requests');
  },
};

/** The invite function as Lambda calls it. */
export type InviteHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

// What each outcome counts as.
const METRICS: Readonly<Record<InvitationOutcome, string | undefined>> = {
  'sent': 'ConfirmationsSent',
  'over-budget': 'ConfirmationBudgetReached',
  'not-pending': undefined,
  'too-soon': undefined,
  'stale': 'InvitationsExpired',
};

/**
 * Builds the invite handler: subscribe requests from the invitation queue,
 * each answered with a confirmation mail when the address may get one. A
 * message that fails (SES or DynamoDB down) is reported for retry; the next
 * delivery repeats it harmlessly.
 */
export function createInviteHandler(env: NodeJS.ProcessEnv): InviteHandler {
  const config = subscriptionConfigFrom(env);
  const logger = new Logger({ serviceName: 'herald-invite', ...(config.logLevel && { logLevel: config.logLevel }) });
  const metrics = new Metrics({ namespace: 'Herald', serviceName: 'invite' });
  let subscriptions: Promise<Subscriptions> | undefined;
  return async (event, context) => {
    if (context) logger.addContext(context);
    logger.setCorrelationId(event.Records[0]?.messageId);
    const failures: string[] = [];
    try {
      subscriptions ??= subscriptionsFrom(config, NO_QUEUE).catch((error: unknown) => {
        subscriptions = undefined;
        throw error;
      });
      const flows = await subscriptions;
      for (const record of event.Records) {
        try {
          const outcome = await flows.invite(JSON.parse(record.body) as Invitation);
          const metric = METRICS[outcome];
          if (metric) metrics.addMetric(metric, MetricUnit.Count, 1);
          if (outcome === 'over-budget') logger.warn('the day\'s confirmation mails are spent; no mail sent', { messageId: record.messageId });
        } catch (error) {
          if (error instanceof SyntaxError || error instanceof InvalidEmailError) {
            // No retry can mend a message that is not an invitation.
            logger.error('not an invitation; dropped', { messageId: record.messageId, error });
            continue;
          }
          logger.error('invitation failed; it will be retried', { messageId: record.messageId, error: error as Error });
          // Reported back as a batch item failure, which Lambda does not count as an error: this metric is the alarm's.
          metrics.addMetric('InvitationFailures', MetricUnit.Count, 1);
          failures.push(record.messageId);
        }
      }
    } finally {
      metrics.publishStoredMetrics();
    }
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
