import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { sqsClient } from '../../adapters/sqsClient';
import { flushMetrics } from '../../adapters/flushMetrics';
import { powertoolsPublishLog } from '../../adapters/powertoolsPublishLog';
import { SqsEventQueue } from '../../adapters/sqsEventQueue';
import { SqsRebuildQueue } from '../../adapters/sqsRebuildQueue';
import { ConfigError } from '../../config/errors';
import type { EventQueue, RebuildQueue } from '../../publish/ports';
import { Publisher } from '../../publish/publisher';
import { publishConfigFrom } from './config';
import { publishingPorts } from './publishingPorts';

/** The publish function as Lambda calls it. */
export type PublishHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

/**
 * Builds the publish handler from an environment: config, clients and the
 * publisher are made once, outside the per-event function. The Lambda calls
 * it with `process.env`; `herald dev` with the local stack's settings and its
 * own queues as `events` and `rebuilds`.
 */
export function createPublishHandler(env: NodeJS.ProcessEnv, ports: { events?: EventQueue; rebuilds?: RebuildQueue } = {}): PublishHandler {
  const config = publishConfigFrom(env);
  const logger = new Logger({ serviceName: 'herald-publish', ...(config.logLevel && { logLevel: config.logLevel }) });
  const metrics = new Metrics({ namespace: 'Herald', serviceName: 'publish' });
  const sqs = sqsClient(config.endpoints.sqs);
  const events = ports.events ?? (config.eventsQueueUrl && new SqsEventQueue(sqs, config.eventsQueueUrl));
  const rebuilds = ports.rebuilds ?? (config.rebuildQueueUrl && new SqsRebuildQueue(sqs, config.rebuildQueueUrl));
  if (!events || !rebuilds) throw new ConfigError('publish function environment: EVENTS_QUEUE_URL and REBUILD_QUEUE_URL are required');
  const publisher = new Publisher({
    ...publishingPorts(config),
    rebuilds,
    events,
    log: powertoolsPublishLog(logger, metrics),
    deleteGraceMs: config.deleteGraceMs,
  });
  return async (event, context) => {
    if (context) logger.addContext(context);
    // The first message names the batch in every log line; each line about one message names it too.
    logger.setCorrelationId(event.Records[0]?.messageId);
    try {
      const remainingMs = context ? () => context.getRemainingTimeInMillis() : undefined;
      const { failed } = await publisher.publishBatch(event.Records.map((r) => ({ id: r.messageId, body: r.body })), remainingMs);
      return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
    } finally {
      flushMetrics(metrics);
    }
  };
}
