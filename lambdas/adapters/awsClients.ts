import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';

// Emulators accept any signature, but the SDK insists on having credentials and a region.
const LOCAL = { region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } as const;

/**
 * S3 client; against an emulator it uses path-style URLs and computes
 * checksums only when required, because s3rver would otherwise store the
 * aws-chunked framing of a streamed body as part of the object.
 */
export function s3Client(endpoint?: string): S3Client {
  return endpoint
    ? new S3Client({ ...LOCAL, endpoint, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' })
    : new S3Client({});
}

/** DynamoDB document client that drops `undefined` attributes instead of failing on them. */
export function dynamoClient(endpoint?: string): DynamoDBDocumentClient {
  const client = endpoint ? new DynamoDBClient({ ...LOCAL, endpoint }) : new DynamoDBClient({});
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/**
 * SES v2 client. The newsletter's client makes one attempt per call
 * (`maxAttempts: 1`): a retry after a lost answer could mail 50 people twice,
 * so retries go through its ledger instead.
 */
export function sesClient(endpoint?: string, options: { maxAttempts?: number } = {}): SESv2Client {
  return endpoint ? new SESv2Client({ ...LOCAL, ...options, endpoint }) : new SESv2Client(options);
}

/** SQS client. */
export function sqsClient(endpoint?: string): SQSClient {
  return endpoint ? new SQSClient({ ...LOCAL, endpoint }) : new SQSClient({});
}
