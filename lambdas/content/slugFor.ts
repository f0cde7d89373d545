import { posix } from 'node:path';
import { segmentProblem } from './pathProblem';
import { RESERVED_SLUGS } from './reservedPaths';

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

// Characters a URL path cannot carry as they are (`?`, `#`, `%`) or that S3 asks to avoid in keys.
const URL_UNSAFE = /[?#%"<>[\]^`{|}\s]/;
// A folder name on common file systems (ext4, APFS, NTFS) has at most 255 bytes.
const MAX_SLUG_BYTES = 255;

/**
 * Why a slug cannot be an article's URL segment, or undefined when it can
 * (DESIGN.md "Contracts"): one safe path segment (never empty, `.` or `..`,
 * no `/`, `\\` or control character), nothing a URL path or S3 key cannot carry
 * as it is, and not a name the site root uses. Every source of a slug (front
 * matter, file name, folder name) goes through this one check.
 *
 * @example
 * slugProblem('hello-world'); // undefined
 * slugProblem('..');          // 'is only dots, which names a folder above it'
 */
export function slugProblem(slug: string): string | undefined {
  const unsafe = urlSegmentProblem(slug);
  if (unsafe) return unsafe;
  if (RESERVED_SLUGS.includes(slug)) return `is a name the site root uses (${slug})`;
  return undefined;
}

/**
 * Why a tag gets no page of its own (`tags/<tag-slug>/`), or undefined when
 * it does: its slug (lower case, spaces as dashes) must be one safe URL
 * segment by the same rule as an article's slug. Tag pages live under
 * `tags/`, so root names are no problem there.
 *
 * @example
 * tagProblem('Static Sites'); // undefined
 * tagProblem('C#');           // 'contains "#", which a URL path cannot carry as it is'
 */
export function tagProblem(tag: string): string | undefined {
  return urlSegmentProblem(normaliseSlug(tag));
}

// One path segment that a URL path and an S3 key carry as it is.
function urlSegmentProblem(segment: string): string | undefined {
  const unsafe = segmentProblem(segment);
  if (unsafe) return unsafe;
  const bad = URL_UNSAFE.exec(segment)?.[0];
  if (bad !== undefined) return /\s/.test(bad) ? 'contains white space' : `contains "${bad}", which a URL path cannot carry as it is`;
  if (Buffer.byteLength(segment) > MAX_SLUG_BYTES) return `is longer than ${MAX_SLUG_BYTES} bytes, the most a folder name can have`;
  return undefined;
}
