import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { ContentSource } from '../publish/ports';
import { isAwsError, StoreError } from './errors';

/** The content bucket, read through S3. */
export class S3ContentSource implements ContentSource {
  constructor(private readonly s3: S3Client, private readonly bucket: string) {}

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return await object.Body!.transformToByteArray();
    } catch (error) {
      if (isAwsError(error, 'NoSuchKey', 'NotFound')) return undefined;
      throw new StoreError('GetObject', `s3://${this.bucket}/${key}`, { cause: error });
    }
  }

  async list(prefix: string): Promise<{ key: string; size: number }[]> {
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
}

/** Every object under a prefix, following continuation tokens. */
export async function listObjects(s3: S3Client, bucket: string, prefix: string): Promise<{ key: string; size: number }[]> {
  const objects: { key: string; size: number }[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) if (o.Key) objects.push({ key: o.Key, size: o.Size ?? 0 });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  } catch (error) {
    throw new StoreError('ListObjectsV2', `s3://${bucket}/${prefix}`, { cause: error });
  }
  return objects;
}
