import { SQSClient } from '@aws-sdk/client-sqs';
import { emulatorSettings } from './emulatorSettings';

/** SQS client. */
export function sqsClient(endpoint?: string): SQSClient {
  return endpoint ? new SQSClient(emulatorSettings(endpoint)) : new SQSClient({});
}
