import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { flushMetrics } from '../../adapters/flushMetrics';
import { HttpHub } from '../../adapters/httpHub';
import { sqsClient } from '../../adapters/sqsClient';
import { SqsHubPingQueue } from '../../adapters/sqsHubPingQueue';
import { ConfigError } from '../../config/errors';
import { parseHubPing, pingHub, type PingLog } from '../../websub/pingHub';
import type { HubPingQueue } from '../../websub/ports';
import { websubConfigFrom } from './config';

/** The WebSub ping function as Lambda calls it. */
export type WebsubHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

/**
 * Builds the ping handler: the rebuild queues the feeds that changed, this
 * tells the hub, each ping with a time limit, and puts what the hub did not
 * take back on its queue with a growing delay (`queue` replaces the SQS
 * queue: the local stack's own). A failing hub is logged and counted
 * (`WebSubPingFailures`, `WebSubPingsAbandoned`), never an error of the
 * function; only a ping that cannot be queued again is retried by SQS.
 */
export function createWebsubHandler(env: NodeJS.ProcessEnv, ports: { queue?: HubPingQueue } = {}): WebsubHandler {
  const config = websubConfigFrom(env);
  const logger = new Logger({ serviceName: 'herald-websub', ...(config.logLevel && { logLevel: config.logLevel }) });
  const metrics = new Metrics({ namespace: 'Herald', serviceName: 'websub' });
  const queue = ports.queue ?? new SqsHubPingQueue(sqsClient(config.endpoints.sqs), queueUrl(config.queueUrl));
  const hub = new HttpHub(config.hub, config.timeoutMs);
  const log: PingLog = {
    sent: () => metrics.addMetric('WebSubPingsSent', MetricUnit.Count, 1),
    failed: (error, retryInSeconds) => {
      logger.warn('the WebSub hub did not take a ping', { feed: error.feedUrl, reason: error.reason, retryInSeconds });
      metrics.addMetric('WebSubPingFailures', MetricUnit.Count, 1);
    },
    abandoned: (feeds) => {
      logger.error('the WebSub hub never took these pings; feed readers will see the change when they next poll', { feeds });
      metrics.addMetric('WebSubPingsAbandoned', MetricUnit.Count, feeds.length);
    },
  };
  return async (event, context) => {
    if (context) logger.addContext(context);
    logger.setCorrelationId(event.Records[0]?.messageId);
    const failures: string[] = [];
    try {
      for (const record of event.Records) {
        try {
          await pingHub(parseHubPing(record.body), { hub, queue, log });
        } catch (error) {
          if (error instanceof SyntaxError) {
            logger.error('not a WebSub ping; dropped', { messageId: record.messageId, error });
            continue;
          }
          // The ping could not be queued again: SQS delivers this one again after its visibility timeout.
          logger.error('ping not re-queued; it will be retried', { messageId: record.messageId, error: error as Error });
          failures.push(record.messageId);
        }
      }
    } finally {
      flushMetrics(metrics);
    }
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

function queueUrl(url: string | undefined): string {
  if (!url) throw new ConfigError('websub function environment: WEBSUB_QUEUE_URL is missing');
  return url;
}
