import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { StoreError } from '../../lambdas/adapters/errors';
import { FIRST_SEEN_METADATA, type FirstSeen } from '../../lambdas/content/article';
import { isMarkdownKey } from '../../lambdas/content/slugFor';
import type { ContentTree } from '../readContentTree';

/** What a sync did (or, in a dry run, would do). */
export interface SyncResult {
  readonly uploaded: readonly string[];
  readonly deleted: readonly string[];
  readonly unchanged: number;
}

/** How a sync treats objects that have no local file. */
export interface SyncOptions {
  /** Report what would change, change nothing. */
  readonly dryRun?: boolean;
  /**
   * A file where the sync remembers the keys it put and their ETags (`herald
   * dev` keeps it in its state folder). With it, the sync deletes only keys it
   * put there itself, whose file is gone and that nobody has changed since:
   * objects uploaded with any other S3 client stay. Without it the bucket
   * mirrors the folder and every object without a file is deleted (`herald publish`).
   */
  readonly manifest?: string;
  /**
   * When each markdown file was first seen (its first git commit, else its
   * modification time), sent as object metadata so the pipeline dates an
   * undated article as `herald build` does rather than by its upload.
   */
  readonly firstSeen?: (key: string) => FirstSeen;
}

interface Manifest {
  readonly bucket: string;
  /** Key → ETag of the object as this sync last put or found it. */
  readonly keys: Record<string, string>;
}

/**
 * Brings the content bucket in line with the local content tree: uploads
 * files whose MD5 differs from the object's ETag and deletes objects whose
 * file is gone (all of them, or with a manifest only those the sync manages).
 * Each upload and delete fires the publish pipeline, so unchanged files are
 * never re-sent. Non-markdown files go up before markdown and come down after
 * it, so an article's images are there when its event is handled.
 *
 * @example
 * await syncContent(s3, 'herald-content', readContentTree('content', site), { manifest: '.herald/content-sync.json', firstSeen: firstSeenTimes('content') });
 */
export async function syncContent(s3: S3Client, bucket: string, tree: Pick<ContentTree, 'files' | 'refused'>, options: SyncOptions = {}): Promise<SyncResult> {
  const remote = await remoteEtags(s3, bucket);
  const managed = options.manifest === undefined ? undefined : readManifest(options.manifest, bucket);
  const uploaded: string[] = [];
  let unchanged = 0;
  for (const file of [...tree.files].sort(markdownLast)) {
    const etag = `"${createHash('md5').update(file.bytes).digest('hex')}"`;
    if (remote.get(file.key) !== etag) {
      const metadata = options.firstSeen && isMarkdownKey(file.key) ? { [FIRST_SEEN_METADATA]: options.firstSeen(file.key).date.toISOString() } : undefined;
      if (!options.dryRun) await send(`PutObject s3://${bucket}/${file.key}`, () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: file.key, Body: file.bytes, ...(metadata && { Metadata: metadata }) })));
      uploaded.push(file.key);
    } else {
      unchanged++;
    }
    // A key that content/ has is the sync's, whoever put the object there.
    if (managed) managed.keys[file.key] = etag;
  }

  const local = new Set([...tree.files.map((f) => f.key), ...tree.refused.map((e) => e.file)]);
  const gone = managed
    ? Object.keys(managed.keys).filter((key) => !local.has(key))
    : [...remote.keys()].filter((key) => !local.has(key));
  // With a manifest, an object changed by another client since the sync put it is theirs now.
  const deleted = gone.filter((key) => remote.has(key) && (!managed || remote.get(key) === managed.keys[key])).sort(markdownFirst);
  if (!options.dryRun) {
    for (const key of deleted) await send(`DeleteObject s3://${bucket}/${key}`, () => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })));
    if (managed && options.manifest) {
      for (const key of gone) delete managed.keys[key];
      writeManifest(options.manifest, managed);
    }
  }
  return { uploaded: uploaded.sort(), deleted, unchanged };
}

function markdownLast(a: { key: string }, b: { key: string }): number {
  return Number(isMarkdownKey(a.key)) - Number(isMarkdownKey(b.key)) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

function markdownFirst(a: string, b: string): number {
  return Number(isMarkdownKey(b)) - Number(isMarkdownKey(a)) || (a < b ? -1 : a > b ? 1 : 0);
}

// A missing or unreadable manifest, or one for another bucket, manages nothing: the safe side.
function readManifest(path: string, bucket: string): Manifest {
  try {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as Partial<Manifest>;
    if (saved.bucket === bucket && saved.keys && typeof saved.keys === 'object') return { bucket, keys: { ...saved.keys } };
  } catch {
    // first run
  }
  return { bucket, keys: {} };
}

// Written whole to a temporary file and renamed, so a crash never leaves half a manifest.
function writeManifest(path: string, manifest: Manifest): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(manifest, null, 1)}\n`);
  renameSync(`${path}.tmp`, path);
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
