import type { Article } from '../content/article';
import type { ArchiveEntry } from '../site/renderIndexPage';
import type { SkipReason } from '../site/selectPublished';

/** Where an article stands: live, held back, gone, or never parsed. */
export type ArticleState = 'published' | SkipReason | 'deleted' | 'rejected';

/**
 * What the publish function remembers about one source key. It is small
 * (no HTML), so the archive can be listed from it without reading articles.
 */
export interface ArticleRecord {
  readonly key: string;
  /** Ordering token of the last S3 event applied; older events are ignored. */
  readonly sequencer: string;
  /** SHA-256 of the source bytes last applied. */
  readonly hash: string;
  readonly state: ArticleState;
  /** Why the last version was rejected; the previous good version stays live. */
  readonly error?: string;
  readonly slug?: string;
  readonly title?: string;
  readonly summary?: string;
  readonly url?: string;
  /** ISO 8601 instants. */
  readonly date?: string;
  readonly offsetMinutes?: number;
  readonly visibleFrom?: string;
  readonly expires?: string;
  readonly bundleDir?: string;
}

/** The record of an article as parsed, in the state it has at publication time. */
export function recordOf(article: Article, state: ArticleState, sequencer: string, hash: string): ArticleRecord {
  return {
    key: article.key,
    sequencer,
    hash,
    state,
    slug: article.slug,
    title: article.title,
    summary: article.summary,
    url: article.url,
    date: article.date.toISOString(),
    visibleFrom: article.visibleFrom.toISOString(),
    ...(article.offsetMinutes !== undefined && { offsetMinutes: article.offsetMinutes }),
    ...(article.expires && { expires: article.expires.toISOString() }),
    ...(article.bundleDir && { bundleDir: article.bundleDir }),
  };
}

/** The archive line of a published record. */
export function archiveEntryOf(record: ArticleRecord): ArchiveEntry {
  return {
    title: record.title ?? record.key,
    url: record.url ?? '',
    date: new Date(record.date ?? 0),
    summary: record.summary ?? '',
    ...(record.offsetMinutes !== undefined && { offsetMinutes: record.offsetMinutes }),
  };
}
