import type { S3Client } from '@aws-sdk/client-s3';
import { SITE_PATHS } from '../site/sitePaths';
import type { LatestArticle, LatestArticleSource } from '../subscriptions/ports';
import { S3ContentSource } from './s3ContentSource';

/** Reads the newest article from the site's own feed.json, which the publish function keeps current. */
export class S3LatestArticle implements LatestArticleSource {
  private readonly site: S3ContentSource;

  constructor(s3: S3Client, siteBucket: string) {
    this.site = new S3ContentSource(s3, siteBucket);
  }

  async latest(): Promise<LatestArticle | undefined> {
    const feed = await this.site.read(SITE_PATHS.json);
    if (!feed) return undefined;
    const item = (JSON.parse(Buffer.from(feed.bytes).toString('utf8')) as { items?: { title?: string; url?: string }[] }).items?.[0];
    return item?.title && item.url ? { title: item.title, url: item.url } : undefined;
  }
}
