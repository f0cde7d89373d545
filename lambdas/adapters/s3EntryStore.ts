import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { EntryStore } from '../publish/ports';
import { FEED_CACHE_PREFIX, storedArticleFromJson, storedArticleToJson, type StoredArticle } from '../publish/storedArticle';
import { isAwsError, StoreError } from './errors';

// Beside the entries (`entries/…`): `feeds/site.json`, `feeds/tags/<slug>.json`.
const feedCacheKey = (listing: string) => (listing === '' ? `${FEED_CACHE_PREFIX}site.json` : `${FEED_CACHE_PREFIX}tags/${listing}.json`);

/**
 * The entries bucket: each rendered article as `<path>.json` (its feed entry
 * and where and when it goes live) and `<path>.html` (its page), and each
 * listing's feed cache. Private: nothing serves it, only the functions read
 * it (the notify function the `.json` of the article it mails).
 */
export class S3EntryStore implements EntryStore {
  constructor(private readonly s3: S3Client, private readonly bucket: string) {}

  async put(path: string, stored: StoredArticle, page: string): Promise<void> {
    // The page first: a `.json` found means its page is there too.
    await this.write(`${path}.html`, page, 'text/html; charset=utf-8');
    await this.write(`${path}.json`, storedArticleToJson(stored), 'application/json');
  }

  async get(path: string): Promise<StoredArticle | undefined> {
    const text = await this.read(`${path}.json`);
    return text === undefined ? undefined : storedArticleFromJson(text);
  }

  async page(path: string): Promise<string | undefined> {
    return this.read(`${path}.html`);
  }

  async feedCache(listing: string): Promise<Map<string, StoredArticle>> {
    const text = await this.read(feedCacheKey(listing));
    const stored = text === undefined ? {} : (JSON.parse(text) as Record<string, string>);
    return new Map(Object.entries(stored).map(([path, json]) => [path, storedArticleFromJson(json)]));
  }

  async saveFeedCache(listing: string, articles: ReadonlyMap<string, StoredArticle>): Promise<void> {
    const body = Object.fromEntries([...articles].map(([path, stored]) => [path, storedArticleToJson(stored)]));
    await this.write(feedCacheKey(listing), JSON.stringify(body), 'application/json');
  }

  private async write(key: string, body: string, contentType: string): Promise<void> {
    try {
      await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
    } catch (error) {
      throw new StoreError('PutObject', `s3://${this.bucket}/${key}`, { cause: error });
    }
  }

  private async read(key: string): Promise<string | undefined> {
    try {
      return await (await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }))).Body!.transformToString();
    } catch (error) {
      if (isAwsError(error, 'NoSuchKey', 'NotFound')) return undefined;
      throw new StoreError('GetObject', `s3://${this.bucket}/${key}`, { cause: error });
    }
  }
}
