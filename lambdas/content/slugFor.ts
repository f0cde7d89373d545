import { posix } from 'node:path';

const MARKDOWN_EXTENSION = /\.(md|markdown)$/i;
const JEKYLL_DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})-/;

/** True for the keys Herald treats as markdown sources. */
export function isMarkdownKey(key: string): boolean {
  return MARKDOWN_EXTENSION.test(key);
}

/**
 * Section pages (`_index.md`) and a root `index.md` describe a listing, not an
 * article, so they never appear in feeds.
 */
export function isSectionPage(key: string): boolean {
  const base = posix.basename(key).toLowerCase();
  return base === '_index.md' || base === '_index.markdown' || (isBundleIndex(key) && posix.dirname(key) === '.');
}

/** A Hugo page bundle keeps its article in `<folder>/index.md` next to its images. */
export function isBundleIndex(key: string): boolean {
  return /^index\.(md|markdown)$/i.test(posix.basename(key));
}

/**
 * The slug a file name gives when front matter names none (DESIGN.md):
 * the file name without extension, the folder name for `index.md`, and
 * without a Jekyll `YYYY-MM-DD-` prefix. Lower-cased, spaces as dashes, like Hugo's URLs.
 *
 * @example
 * slugFromKey('_posts/2016-07-26-Hello World.md'); // 'hello-world'
 */
export function slugFromKey(key: string): string {
  const name = isBundleIndex(key) ? posix.basename(posix.dirname(key)) : posix.basename(key).replace(MARKDOWN_EXTENSION, '');
  return normaliseSlug(name.replace(JEKYLL_DATE_PREFIX, ''));
}

/** The `YYYY-MM-DD` a Jekyll file name starts with, if any. */
export function dateFromKey(key: string): string | undefined {
  const name = isBundleIndex(key) ? posix.basename(posix.dirname(key)) : posix.basename(key);
  return JEKYLL_DATE_PREFIX.exec(name)?.[1];
}

/** Lower-cases and turns runs of white space into single dashes. */
export function normaliseSlug(slug: string): string {
  return slug.trim().toLowerCase().replace(/\s+/g, '-');
}
