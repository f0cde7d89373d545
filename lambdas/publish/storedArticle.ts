import { createHash } from 'node:crypto';
import type { Article } from '../content/article';
import type { SiteConfig } from '../config/siteConfig';
import { feedArticleOf } from '../site/feedArticle';

/**
 * One article as the publish function stores it for the rebuild: the
 * article as the feeds carry it (HTML over `feedItemMaxBytes` cut to a
 * summary and a link), which also says where and when its page goes live.
 * The page itself is stored beside it.
 */
export type StoredArticle = Article;

/** The stored form of a rendered article. */
export function storedArticleOf(article: Article, site: SiteConfig): StoredArticle {
  return feedArticleOf(article, site);
}

/** JSON with ISO dates. */
export function storedArticleToJson(stored: StoredArticle): string {
  return JSON.stringify(stored);
}

/** Reads a stored article back, dates and all. */
export function storedArticleFromJson(text: string): StoredArticle {
  const { date, updated, visibleFrom, expires, ...rest } = JSON.parse(text) as Omit<Article, 'date' | 'updated' | 'visibleFrom' | 'expires'> & {
    date: string; updated: string; visibleFrom: string; expires?: string;
  };
  return {
    ...rest,
    date: new Date(date),
    updated: new Date(updated),
    visibleFrom: new Date(visibleFrom),
    ...(expires !== undefined && { expires: new Date(expires) }),
  };
}

/** The entries bucket's folder of renderings (beside it: the feed caches). */
export const ENTRY_PREFIX = 'entries/';

/** The entries bucket's folder of feed caches: one object per listing, written by the rebuild alone. */
export const FEED_CACHE_PREFIX = 'feeds/';

/**
 * Where a rendering is stored: named by the key, the source's hash and the
 * render version, so a retry writes the same object again and two deliveries
 * racing over one key never overwrite each other's result.
 */
export function entryPath(key: string, hash: string, renderVersion: string): string {
  const id = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);
  return `${ENTRY_PREFIX}${id(key)}/${id(`${hash}/${renderVersion}`)}`;
}
