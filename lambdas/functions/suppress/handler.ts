import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SNSEvent } from 'aws-lambda';
import { dynamoClient } from '../../adapters/dynamoClient';
import { DynamoSubscriberStore } from '../../adapters/dynamoSubscriberStore';
import { suppressConfigFrom } from './config';
import { handleSesFeedback } from './handleSesFeedback';

const config = suppressConfigFrom(process.env);
const logger = new Logger({ serviceName: 'herald-suppress' });
const metrics = new Metrics({ namespace: 'Herald', serviceName: 'suppress' });
const store = new DynamoSubscriberStore(dynamoClient(), config.table);

/** SES bounce and complaint events, through SNS: hard bounces and complaints are never mailed again. */
export async function handler(event: SNSEvent, context: Context): Promise<void> {
  logger.addContext(context);
  logger.setCorrelationId(event.Records[0]?.Sns.MessageId);
  try {
    const applied = await handleSesFeedback(event, store, new Date());
    for (const { status } of applied) {
      logger.info('subscriber suppressed', { status });
      metrics.addMetric(status === 'bounced' ? 'SubscribersBounced' : 'SubscribersComplained', MetricUnit.Count, 1);
    }
  } finally {
    metrics.publishStoredMetrics();
  }
}
