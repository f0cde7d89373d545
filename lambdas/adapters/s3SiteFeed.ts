import type { S3Client } from '@aws-sdk/client-s3';
import { SITE_PATHS } from '../site/sitePaths';
import { tagSlug } from '../site/tagUrl';
import type { LatestArticle, LatestArticleSource, TopicSource } from '../subscriptions/ports';
import { S3ContentSource } from './s3ContentSource';

interface JsonFeedItem {
  readonly title?: string;
  readonly url?: string;
  readonly tags?: readonly unknown[];
}

/**
 * Reads the site's own feed.json, which the rebuild keeps current: the newest
 * article for the welcome mail, and the tags of the newest articles for the
 * preference page to offer.
 */
export class S3SiteFeed implements LatestArticleSource, TopicSource {
  private readonly site: S3ContentSource;

  constructor(s3: S3Client, siteBucket: string) {
    this.site = new S3ContentSource(s3, siteBucket);
  }

  async latest(): Promise<LatestArticle | undefined> {
    const item = (await this.items())[0];
    return item?.title && item.url ? { title: item.title, url: item.url } : undefined;
  }

  async topics(): Promise<string[]> {
    // One entry per tag slug, in the spelling met first, most used first.
    const counts = new Map<string, { tag: string; count: number }>();
    for (const tag of (await this.items()).flatMap((item) => item.tags ?? [])) {
      if (typeof tag !== 'string' || tag.trim() === '') continue;
      const seen = counts.get(tagSlug(tag));
      counts.set(tagSlug(tag), { tag: seen?.tag ?? tag.trim(), count: (seen?.count ?? 0) + 1 });
    }
    return [...counts.values()].sort((a, b) => b.count - a.count).map((t) => t.tag);
  }

  private async items(): Promise<readonly JsonFeedItem[]> {
    const feed = await this.site.read(SITE_PATHS.json);
    if (!feed) return [];
    return (JSON.parse(Buffer.from(feed.bytes).toString('utf8')) as { items?: JsonFeedItem[] }).items ?? [];
  }
}
