import { LambdaClient } from '@aws-sdk/client-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SNSEvent } from 'aws-lambda';
import { dynamoClient } from '../../adapters/dynamoClient';
import { DynamoCampaignStore } from '../../adapters/dynamoCampaignStore';
import { LambdaSendSwitch } from '../../adapters/lambdaSendSwitch';
import { pauseOnAlarm, type AlarmChange } from '../../newsletter/sendingGuard';
import { guardConfigFrom } from './config';

const config = guardConfigFrom(process.env);
const logger = new Logger({ serviceName: 'herald-guard' });
const metrics = new Metrics({ namespace: 'Herald', serviceName: 'guard' });
const deps = { campaigns: new DynamoCampaignStore(dynamoClient(), config.campaignsTable), sending: new LambdaSendSwitch(new LambdaClient({}), config.sendMappingId) };

/** Reputation alarms, through SNS: pause sending while the account's bounce or complaint rate is too high. */
export async function handler(event: SNSEvent, context: Context): Promise<void> {
  logger.addContext(context);
  try {
    for (const record of event.Records) {
      logger.setCorrelationId(record.Sns.MessageId);
      const change = JSON.parse(record.Sns.Message) as AlarmChange;
      if (await pauseOnAlarm(change, deps, new Date())) {
        logger.warn('sending paused', { alarm: change.AlarmName, reason: change.NewStateReason });
        metrics.addMetric('SendingPaused', MetricUnit.Count, 1);
      }
    }
  } finally {
    metrics.publishStoredMetrics();
  }
}
