import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { ARTICLES_TABLE } from '../adapters/dynamoArticleState';
import { SUBSCRIBERS_TABLE } from '../adapters/dynamoSubscriberStore';
import { isAwsError } from '../adapters/errors';

/** Creates a bucket unless it exists. */
export async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (!isAwsError(error, 'BucketAlreadyOwnedByYou', 'BucketAlreadyExists')) throw error;
  }
}

/** Creates the articles table with the key schema the CDK construct deploys, unless it exists. */
export async function ensureArticlesTable(db: DynamoDBClient, table: string): Promise<void> {
  try {
    await db.send(new DescribeTableCommand({ TableName: table }));
    return;
  } catch (error) {
    if (!isAwsError(error, 'ResourceNotFoundException')) throw error;
  }
  const indexes = [ARTICLES_TABLE.publishedIndex, ARTICLES_TABLE.dueIndex];
  await db.send(new CreateTableCommand({
    TableName: table,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: ARTICLES_TABLE.partitionKey, KeyType: 'HASH' }],
    AttributeDefinitions: [
      { AttributeName: ARTICLES_TABLE.partitionKey, AttributeType: 'S' },
      ...indexes.flatMap((i) => [{ AttributeName: i.partitionKey, AttributeType: 'S' as const }, { AttributeName: i.sortKey, AttributeType: 'S' as const }]),
    ],
    GlobalSecondaryIndexes: indexes.map((i) => ({
      IndexName: i.name,
      KeySchema: [{ AttributeName: i.partitionKey, KeyType: 'HASH' as const }, { AttributeName: i.sortKey, KeyType: 'RANGE' as const }],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  }));
}

/** Creates the subscribers table with the key schema and index the CDK construct deploys, unless it exists. */
export async function ensureSubscribersTable(db: DynamoDBClient, table: string): Promise<void> {
  try {
    await db.send(new DescribeTableCommand({ TableName: table }));
    return;
  } catch (error) {
    if (!isAwsError(error, 'ResourceNotFoundException')) throw error;
  }
  const index = SUBSCRIBERS_TABLE.confirmedIndex;
  await db.send(new CreateTableCommand({
    TableName: table,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: SUBSCRIBERS_TABLE.partitionKey, KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: SUBSCRIBERS_TABLE.partitionKey, AttributeType: 'S' }, { AttributeName: index.partitionKey, AttributeType: 'S' }],
    GlobalSecondaryIndexes: [{
      IndexName: index.name,
      KeySchema: [{ AttributeName: index.partitionKey, KeyType: 'HASH' }, { AttributeName: index.sortKey, KeyType: 'RANGE' }],
      Projection: { ProjectionType: 'ALL' },
    }],
  }));
}
