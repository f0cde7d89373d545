import type { Author } from '../config/siteConfig';

/** An article parsed, rendered and ready for pages and feeds. */
export interface Article {
  /** Source path relative to the content root; also the content bucket key. */
  readonly key: string;
  readonly slug: string;
  /** Absolute permalink; also the article's id in every feed, so it never changes with a title or date. */
  readonly url: string;
  readonly title: string;
  readonly subtitle?: string;
  /** Plain text, at most the configured summary length. */
  readonly summary: string;
  /**
   * The front matter's own description, for `<meta name="description">` and link
   * previews even when `<!--more-->` makes the summary (as Hugo does).
   */
  readonly description?: string;
  /** Sanitized HTML with absolute URLs. */
  readonly html: string;
  readonly date: Date;
  /** The author's UTC offset in minutes, to show the date as they wrote it. */
  readonly offsetMinutes?: number;
  readonly updated: Date;
  /** Hidden until this moment (`publishDate`, else `date`). */
  readonly visibleFrom: Date;
  readonly expires?: Date;
  readonly draft: boolean;
  /** False when the author asked for no newsletter (`notify: false`); the feeds still carry it. */
  readonly notify: boolean;
  readonly tags: readonly string[];
  readonly categories: readonly string[];
  /** Empty when the article names none; the site author stands in. */
  readonly authors: readonly Author[];
  /** Absolute URL of the featured image. */
  readonly image?: string;
  readonly canonicalUrl: string;
  readonly lang?: string;
  /** Site paths (`old/index.html`) that redirect here, from Hugo's `aliases`. */
  readonly aliases?: readonly string[];
  /**
   * The id the feeds give the article when it is not `url`: its first
   * permalink, which a later slug change keeps (the pipeline sets it).
   */
  readonly feedId?: string;
  /** Folder of a Hugo page bundle (`posts/x` for `posts/x/index.md`), whose files are published beside the page. */
  readonly bundleDir?: string;
}

/** Where the date of an undated article came from, so a build can say so. */
export interface FirstSeen {
  readonly date: Date;
  /** Human words for the source, e.g. "first git commit" or "file modification time". */
  readonly source: string;
}

/**
 * S3 user metadata (`x-amz-meta-herald-first-seen`) with which `herald publish`
 * and `herald dev` upload a markdown file: its first-seen time (ISO 8601), so
 * an undated article has the same date in `herald build` and on the pipeline.
 */
export const FIRST_SEEN_METADATA = 'herald-first-seen';
