import { createHash } from 'node:crypto';
import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { StoreError } from '../../lambdas/adapters/errors';
import type { SourceFile } from '../../lambdas/content/parseArticle';

/** What a sync did (or, in a dry run, would do). */
export interface SyncResult {
  readonly uploaded: readonly string[];
  readonly deleted: readonly string[];
  readonly unchanged: number;
}

/**
 * Makes the content bucket match the local content tree: uploads files whose
 * MD5 differs from the object's ETag, deletes objects with no local file.
 * Each upload and delete fires the publish pipeline, so unchanged files are never re-sent.
 *
 * @example
 * await syncContent(s3, 'herald-content', readContentTree('content'), { dryRun: true });
 */
export async function syncContent(s3: S3Client, bucket: string, files: readonly SourceFile[], options: { dryRun?: boolean } = {}): Promise<SyncResult> {
  const remote = await remoteEtags(s3, bucket);
  const uploaded: string[] = [];
  let unchanged = 0;
  for (const file of files) {
    if (remote.get(file.key) === `"${createHash('md5').update(file.bytes).digest('hex')}"`) {
      unchanged++;
      continue;
    }
    if (!options.dryRun) await send(`PutObject s3://${bucket}/${file.key}`, () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: file.key, Body: file.bytes })));
    uploaded.push(file.key);
  }
  const local = new Set(files.map((f) => f.key));
  const deleted = [...remote.keys()].filter((key) => !local.has(key)).sort();
  if (!options.dryRun) {
    for (const key of deleted) await send(`DeleteObject s3://${bucket}/${key}`, () => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })));
  }
  return { uploaded, deleted, unchanged };
}

async function remoteEtags(s3: S3Client, bucket: string): Promise<Map<string, string>> {
  const etags = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await send(`ListObjectsV2 s3://${bucket}`, () => s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token })));
    for (const o of page.Contents ?? []) if (o.Key && o.ETag) etags.set(o.Key, o.ETag);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return etags;
}

async function send<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const [operation, resource] = what.split(' ');
    throw new StoreError(operation!, resource!, { cause: error });
  }
}
