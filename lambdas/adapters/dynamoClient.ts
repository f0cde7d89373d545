import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { emulatorSettings } from './emulatorSettings';

/**
 * DynamoDB document client that drops `undefined` attributes instead of
 * failing on them. `options` tunes the SDK's own retries (a test makes their
 * pauses short).
 */
export function dynamoClient(endpoint?: string, options: Pick<DynamoDBClientConfig, 'retryStrategy'> = {}): DynamoDBDocumentClient {
  const client = endpoint ? new DynamoDBClient({ ...emulatorSettings(endpoint), ...options }) : new DynamoDBClient(options);
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
