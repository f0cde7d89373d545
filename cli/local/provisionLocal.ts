import { CreateTableCommand, DescribeTableCommand, type CreateTableCommandInput, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { ARTICLES_INDEXES, ARTICLES_TABLE } from '../../lambdas/adapters/dynamoArticleState';
import { CAMPAIGNS_TABLE } from '../../lambdas/adapters/dynamoCampaignStore';
import { SUBSCRIBERS_TABLE } from '../../lambdas/adapters/dynamoSubscriberStore';
import { isAwsError } from '../../lambdas/adapters/errors';

/** Creates a bucket unless it exists. */
export async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (!isAwsError(error, 'BucketAlreadyOwnedByYou', 'BucketAlreadyExists')) throw error;
  }
}

interface IndexShape {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

/** Creates the articles table with the key schema the CDK construct deploys, unless it exists. */
export async function ensureArticlesTable(db: DynamoDBClient, table: string): Promise<void> {
  await ensureTable(db, table, [ARTICLES_TABLE.partitionKey], ARTICLES_INDEXES);
}

/** Creates the subscribers table with the key schema and index the CDK construct deploys, unless it exists. */
export async function ensureSubscribersTable(db: DynamoDBClient, table: string): Promise<void> {
  await ensureTable(db, table, [SUBSCRIBERS_TABLE.partitionKey], [SUBSCRIBERS_TABLE.confirmedIndex]);
}

/** Creates the campaigns table with the key schema and index the CDK construct deploys, unless it exists. */
export async function ensureCampaignsTable(db: DynamoDBClient, table: string): Promise<void> {
  await ensureTable(db, table, [CAMPAIGNS_TABLE.partitionKey, CAMPAIGNS_TABLE.sortKey], [CAMPAIGNS_TABLE.startedIndex]);
}

// Every key and index attribute is a string, in all three tables.
async function ensureTable(db: DynamoDBClient, table: string, key: readonly string[], indexes: readonly IndexShape[]): Promise<void> {
  try {
    await db.send(new DescribeTableCommand({ TableName: table }));
    return;
  } catch (error) {
    if (!isAwsError(error, 'ResourceNotFoundException')) throw error;
  }
  const keySchema = (hash: string, range?: string) => [{ AttributeName: hash, KeyType: 'HASH' as const }, ...(range ? [{ AttributeName: range, KeyType: 'RANGE' as const }] : [])];
  const attributes = new Set([...key, ...indexes.flatMap((i) => [i.partitionKey, i.sortKey])]);
  const input: CreateTableCommandInput = {
    TableName: table,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: keySchema(key[0]!, key[1]),
    AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    GlobalSecondaryIndexes: indexes.map((i) => ({ IndexName: i.name, KeySchema: keySchema(i.partitionKey, i.sortKey), Projection: { ProjectionType: 'ALL' } })),
  };
  await db.send(new CreateTableCommand(input));
}
