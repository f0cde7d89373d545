import { Logger } from '@aws-lambda-powertools/logger';
import type { SNSEvent } from 'aws-lambda';
import { dynamoClient } from '../adapters/awsClients';
import { DynamoSubscriberStore } from '../adapters/dynamoSubscriberStore';
import { suppressionsFrom } from '../subscriptions/suppressionsFrom';
import { suppressSubscriber } from '../subscriptions/suppressSubscriber';
import { suppressConfigFrom } from './config';

const config = suppressConfigFrom(process.env);
const logger = new Logger({ serviceName: 'herald-suppress' });
const store = new DynamoSubscriberStore(dynamoClient(), config.table);

/** SES bounce and complaint events, through SNS: hard bounces and complaints are never mailed again. */
export async function handler(event: SNSEvent): Promise<void> {
  for (const record of event.Records) {
    for (const suppression of suppressionsFrom(record.Sns.Message)) {
      await suppressSubscriber(store, suppression, new Date());
      logger.info('subscriber suppressed', { status: suppression.status });
    }
  }
}
