import { Logger } from '@aws-lambda-powertools/logger';
import type { SNSEvent } from 'aws-lambda';
import { dynamoClient } from '../adapters/awsClients';
import { DynamoSubscriberStore } from '../adapters/dynamoSubscriberStore';
import { suppressConfigFrom } from './config';
import { handleSesFeedback } from './handleSesFeedback';

const config = suppressConfigFrom(process.env);
const logger = new Logger({ serviceName: 'herald-suppress' });
const store = new DynamoSubscriberStore(dynamoClient(), config.table);

/** SES bounce and complaint events, through SNS: hard bounces and complaints are never mailed again. */
export async function handler(event: SNSEvent): Promise<void> {
  const applied = await handleSesFeedback(event, store, new Date());
  for (const { status } of applied) logger.info('subscriber suppressed', { status });
}
