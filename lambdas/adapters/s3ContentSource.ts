import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { FIRST_SEEN_METADATA } from '../content/article';
import type { ContentObject, ContentSource, ListedObject } from '../publish/ports';
import { isAwsError, StoreError } from './errors';

/** The content bucket, read through S3. */
export class S3ContentSource implements ContentSource {
  constructor(private readonly s3: S3Client, private readonly bucket: string) {}

  /** The object's bytes, or undefined when it does not exist. */
  async read(key: string): Promise<ContentObject | undefined> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      // S3 hands user metadata back with lower-case names; a value that is not a date is ignored.
      const firstSeen = object.Metadata?.[FIRST_SEEN_METADATA];
      const valid = firstSeen !== undefined && !Number.isNaN(Date.parse(firstSeen));
      return { bytes: await object.Body!.transformToByteArray(), etag: object.ETag ?? '', ...(valid && { firstSeen: new Date(firstSeen).toISOString() }) };
    } catch (error) {
      if (isAwsError(error, 'NoSuchKey', 'NotFound')) return undefined;
      throw new StoreError('GetObject', `s3://${this.bucket}/${key}`, { cause: error });
    }
  }

  async list(prefix: string): Promise<ListedObject[]> {
    return listObjects(this.s3, this.bucket, prefix);
  }

  async stat(key: string): Promise<{ size: number } | undefined> {
    try {
      return { size: (await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }))).ContentLength ?? 0 };
    } catch (error) {
      if (isAwsError(error, 'NotFound', 'NoSuchKey')) return undefined;
      throw new StoreError('HeadObject', `s3://${this.bucket}/${key}`, { cause: error });
    }
  }

  async listPage(after: string | undefined, limit: number): Promise<{ objects: ListedObject[]; more: boolean }> {
    try {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, MaxKeys: limit, ...(after !== undefined && { StartAfter: after }) }));
      return { objects: (page.Contents ?? []).flatMap(listed), more: page.IsTruncated === true };
    } catch (error) {
      throw new StoreError('ListObjectsV2', `s3://${this.bucket}`, { cause: error });
    }
  }
}

/** Every object under a prefix, following continuation tokens. */
export async function listObjects(s3: S3Client, bucket: string, prefix: string): Promise<ListedObject[]> {
  const objects: ListedObject[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
      objects.push(...(page.Contents ?? []).flatMap(listed));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  } catch (error) {
    throw new StoreError('ListObjectsV2', `s3://${bucket}/${prefix}`, { cause: error });
  }
  return objects;
}

function listed(object: { Key?: string; Size?: number; ETag?: string }): ListedObject[] {
  return object.Key ? [{ key: object.Key, size: object.Size ?? 0, etag: object.ETag ?? '' }] : [];
}
