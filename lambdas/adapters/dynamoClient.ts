import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { emulatorSettings } from './emulatorSettings';

/** DynamoDB document client that drops `undefined` attributes instead of failing on them. */
export function dynamoClient(endpoint?: string): DynamoDBDocumentClient {
  const client = endpoint ? new DynamoDBClient(emulatorSettings(endpoint)) : new DynamoDBClient({});
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
