import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoClient } from '../../lambdas/adapters/dynamoClient';
import { s3Client } from '../../lambdas/adapters/s3Client';
import { siteConfigFrom, type SiteConfig } from '../../lambdas/config/siteConfig';
import { localUrl } from '../../cli/local/localPorts';
import { ensureArticlesTable, ensureBucket } from '../../cli/local/provisionLocal';
import { startEmulators, type Emulators } from '../../cli/local/startEmulators';

/** Emulators plus fresh buckets and table for one test file. */
export interface Harness {
  readonly emulators: Emulators;
  readonly s3: S3Client;
  readonly db: DynamoDBDocumentClient;
  readonly site: SiteConfig;
  stop(): Promise<void>;
}

/** A set of names for one test, so tests in a file never see each other's objects. */
export interface Names {
  readonly content: string;
  readonly site: string;
  readonly table: string;
}

/**
 * Starts s3rver, dynalite and the SES emulator on ports from `basePort`
 * (each test file picks its own range, as jest runs files in parallel).
 */
export async function startHarness(basePort: number): Promise<Harness> {
  const emulators = await startEmulators({ s3: basePort, dynamodb: basePort + 1, ses: basePort + 2 });
  return {
    emulators,
    s3: s3Client(localUrl(basePort)),
    db: dynamoClient(localUrl(basePort + 1)),
    site: siteConfigFrom({ siteTitle: 'Test Site', siteUrl: 'https://blog.example.com/', authorName: 'Tess' }),
    stop: () => emulators.stop(),
  };
}

let counter = 0;

/** Creates a content bucket, site bucket and articles table with fresh names. */
export async function freshNames(harness: Harness): Promise<Names> {
  const n = ++counter;
  const names = { content: `content-${n}`, site: `site-${n}`, table: `articles-${n}` };
  await ensureBucket(harness.s3, names.content);
  await ensureBucket(harness.s3, names.site);
  await ensureArticlesTable(harness.db as unknown as Parameters<typeof ensureArticlesTable>[0], names.table);
  return names;
}

/** An S3 event notification body for one key, as S3 would put on the queue. */
export function s3Event(bucket: string, key: string, sequencer: number, eventName = 'ObjectCreated:Put'): string {
  return JSON.stringify({ Records: [{ eventName, s3: { bucket: { name: bucket }, object: { key: encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/'), sequencer: sequencer.toString(16).toUpperCase() } } }] });
}

/** Puts an object in a bucket. */
export async function put(s3: S3Client, bucket: string, key: string, body: string | Uint8Array): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

/** Deletes an object. */
export async function remove(s3: S3Client, bucket: string, key: string): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
}

/** An object's text, or undefined when it does not exist. */
export async function read(s3: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    return await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

/** Markdown for a test article. */
export function article(title: string, date = '2026-05-01T10:00:00Z', extra = ''): string {
  return `---\ntitle: "${title}"\ndate: ${date}\n${extra}---\n${title} body text.\n`;
}
