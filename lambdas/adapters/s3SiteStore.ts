import { createHash } from 'node:crypto';
import { CopyObjectCommand, DeleteObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { UnsafePathError } from '../content/errors';
import { sitePathProblem, sitePrefixProblem } from '../content/reservedPaths';
import type { ListedObject, SiteStore } from '../publish/ports';
import { contentTypeFor } from './contentTypeFor';
import { isAwsError, StoreError } from './errors';
import { listObjects } from './s3ContentSource';

// Pages and feeds change when articles do; CloudFront and readers revalidate after five minutes.
const CACHE_CONTROL = 'public, max-age=300';

/**
 * User metadata that marks an object as a redirect: S3 returns it as the
 * `x-amz-meta-location` header, which the site's CloudFront viewer-response
 * function (and `herald dev`) turns into a 301 with that `Location`.
 */
export const REDIRECT_METADATA = 'location';

/**
 * The site bucket, written through S3 (served by CloudFront in AWS, by `herald dev` locally).
 * The last guard of every write: a path out of place (a `..` segment, an
 * author's file over a root file or a page, a prefix of all articles) is
 * refused with UnsafePathError before S3 is called, whatever asked for it.
 */
export class S3SiteStore implements SiteStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly contentBucket: string,
  ) {}

  async put(path: string, body: string | Uint8Array, options: { redirectTo?: string } = {}): Promise<boolean> {
    guard(path, sitePathProblem(path));
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    // Skipping identical bytes keeps ETags stable, so readers' conditional requests get 304s. A redirect's body names its target.
    if ((await this.etag(path)) === `"${createHash('md5').update(bytes).digest('hex')}"`) return false;
    try {
      await this.s3.send(new PutObjectCommand({
        Bucket: this.bucket, Key: path, Body: bytes, ContentType: contentTypeFor(path), CacheControl: CACHE_CONTROL,
        ...(options.redirectTo !== undefined && { Metadata: { [REDIRECT_METADATA]: options.redirectTo } }),
      }));
      return true;
    } catch (error) {
      throw new StoreError('PutObject', `s3://${this.bucket}/${path}`, { cause: error });
    }
  }

  async copyFromContent(key: string, path: string): Promise<void> {
    guard(path, sitePathProblem(path, key));
    try {
      await this.s3.send(new CopyObjectCommand({
        Bucket: this.bucket,
        Key: path,
        CopySource: `${this.contentBucket}/${key.split('/').map(encodeURIComponent).join('/')}`,
        ContentType: contentTypeFor(path),
        CacheControl: CACHE_CONTROL,
        MetadataDirective: 'REPLACE',
      }));
    } catch (error) {
      throw new StoreError('CopyObject', `s3://${this.contentBucket}/${key} → s3://${this.bucket}/${path}`, { cause: error });
    }
  }

  async list(prefix: string): Promise<ListedObject[]> {
    return listObjects(this.s3, this.bucket, prefix);
  }

  async remove(path: string): Promise<void> {
    guard(path, sitePathProblem(path));
    try {
      await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: path }));
    } catch (error) {
      throw new StoreError('DeleteObject', `s3://${this.bucket}/${path}`, { cause: error });
    }
  }

  async removePrefix(prefix: string): Promise<number> {
    guard(prefix, sitePrefixProblem(prefix));
    const objects = await listObjects(this.s3, this.bucket, prefix);
    for (const { key } of objects) await this.remove(key);
    return objects.length;
  }

  private async etag(path: string): Promise<string | undefined> {
    try {
      return (await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: path }))).ETag;
    } catch (error) {
      if (isAwsError(error, 'NotFound', 'NoSuchKey')) return undefined;
      throw new StoreError('HeadObject', `s3://${this.bucket}/${path}`, { cause: error });
    }
  }
}

function guard(path: string, problem: string | undefined): void {
  if (problem !== undefined) throw new UnsafePathError(path, problem);
}
