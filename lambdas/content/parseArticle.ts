import { posix } from 'node:path';
import type { SiteConfig } from '../config/siteConfig';
import { aliasPaths } from './aliasPaths';
import type { Article, FirstSeen } from './article';
import { articleUrl } from './articleUrl';
import type { ContentWarning } from './contentWarning';
import { decodeSource } from './decodeSource';
import { ArticleError } from './errors';
import { expandShortcodes } from './expandShortcodes';
import { parseDate, type ArticleDate } from './parseDate';
import { parseFrontMatter } from './parseFrontMatter';
import { localReference, type LocalReference } from './localReference';
import { lineOfField, readFrontMatter } from './readFrontMatter';
import { renderMarkdown } from './renderMarkdown';
import { printable } from './pathProblem';
import { dateFromKey, isBundleIndex, normaliseSlug, slugFromKey, slugProblem, tagProblem } from './slugFor';
import { takeTitleLine } from './takeTitleLine';
import { truncateAtWord } from './truncateAtWord';

/** One markdown file as stored: its key relative to the content root and its bytes. */
export interface SourceFile {
  readonly key: string;
  readonly bytes: Uint8Array;
}

/** What parsing needs from outside the file. */
export interface ParseContext {
  readonly site: SiteConfig;
  /** When an article with no date at all was first seen (git, mtime or the store's own record). */
  readonly firstSeen: (key: string) => FirstSeen;
  /**
   * Resolves a reference to another post (`{% post_url %}`, `{{< ref >}}`) to its URL.
   * Defaults to the slug the reference's file name gives, which is wrong only
   * when that post sets its own `slug`.
   */
  readonly postUrl?: (ref: string) => string | undefined;
}

/** A parsed article and what the author should hear about it. */
export interface ParsedArticle {
  readonly article: Article;
  readonly warnings: readonly ContentWarning[];
  /** Links, images and the featured image that point into the site, for the caller to check they exist. */
  readonly references: readonly LocalReference[];
}

/**
 * Parses one markdown file into a publishable article: front matter, dates,
 * slug, shortcodes, sanitized HTML with absolute URLs and a summary. Whether
 * it is visible yet (draft, future, expired) is for the caller to decide.
 *
 * @throws ArticleError naming the file, line and field of anything that stops it publishing.
 * @example
 * const { article } = parseArticle({ key: 'posts/hello.md', bytes }, { site, firstSeen });
 */
export function parseArticle(source: SourceFile, ctx: ParseContext): ParsedArticle {
  const { key } = source;
  const { site } = ctx;
  const decoded = decodeSource(source.bytes, key, site.maxArticleBytes);
  const split = parseFrontMatter(decoded.text, key);
  const fm = readFrontMatter(split.data, split.rawFrontMatter, key);
  const warnings: ContentWarning[] = [...decoded.warnings];

  let { body, bodyLine } = split;
  let title = fm.title;
  if (title === undefined) {
    // A file with front matter must say its title or open with a heading; a bare note may open with any line.
    const lifted = takeTitleLine(body, split.format !== 'none');
    if (!lifted) {
      throw new ArticleError(split.format === 'none'
        ? { file: key, reason: 'no title: the file has no text to take one from' }
        : { file: key, line: 1, field: 'title', reason: 'missing, and the body does not start with a "# heading"' });
    }
    ({ title, body } = lifted);
    bodyLine += lifted.removedLines;
  }

  const slug = fm.slug ?? slugFromKeyChecked(key);
  const url = articleUrl(site.url, slug);
  const expanded = expandShortcodes(body, {
    file: key,
    firstLine: bodyLine,
    siteUrl: site.url,
    siteValues: siteValues(site),
    pageValues: { ...lowerCaseKeys(split.data), title, url },
    postUrl: ctx.postUrl ?? ((ref) => articleUrl(site.url, slugFromKey(ref))),
  });
  warnings.push(...expanded.warnings);
  const rendered = renderMarkdown(expanded.markdown, url);
  if (expanded.warnings.length > 0 && body.trim() !== '' && rendered.html.trim() === '') {
    throw new ArticleError({ file: key, line: bodyLine, reason: 'nothing is left to publish: the body was only shortcodes or tags Herald drops (see the warnings)' });
  }
  for (const reference of rendered.unresolvedReferences) {
    warnings.push({ file: key, ...lineOf(body, reference, bodyLine), message: `reference link ${reference} has no definition (a dropped Liquid loop may have made it); shown as plain text` });
  }

  for (const unreadable of fm.unreadableDates) {
    const replacement = unreadable.field.toLowerCase() === 'date' ? 'the date comes from elsewhere' : 'it is ignored';
    warnings.push({ file: key, ...(unreadable.line !== undefined && { line: unreadable.line }), message: `field "${unreadable.field}": ${unreadable.reason}; ${replacement}` });
  }
  const written = fm.date ?? fm.publishDate ?? fileNameDate(key);
  let date: ArticleDate;
  if (written) {
    date = written;
  } else {
    const seen = ctx.firstSeen(key);
    date = { date: seen.date };
    warnings.push({ file: key, message: `no date in front matter or file name; using its ${seen.source}, ${seen.date.toISOString()}` });
  }
  const updated = fm.updated && fm.updated.date > date.date ? fm.updated.date : date.date;
  const aliases = aliasPaths(fm.aliases, key);
  warnings.push(...aliases.warnings);
  for (const tag of new Set([...fm.categories, ...fm.tags])) {
    const problem = tagProblem(tag);
    if (!problem) continue;
    const line = lineOfField(split.rawFrontMatter, fm.tags.includes(tag) ? 'tags' : 'categories');
    warnings.push({ file: key, ...(line !== undefined && { line }), message: `tag "${printable(tag)}" gets no page of its own: its URL segment "${printable(normaliseSlug(tag))}" ${problem}; the article shows it without a link` });
  }
  const summarySource = rendered.teaser ?? fm.description ?? fm.subtitle ?? rendered.firstParagraph ?? '';

  const article: Article = {
    key,
    slug,
    url,
    title,
    summary: truncateAtWord(summarySource, site.summaryLength),
    ...(fm.description && { description: truncateAtWord(fm.description, site.summaryLength) }),
    html: rendered.html,
    date: date.date,
    updated,
    visibleFrom: fm.publishDate?.date ?? date.date,
    draft: fm.draft,
    notify: fm.notify,
    tags: fm.tags,
    categories: fm.categories,
    authors: fm.authors.map((author) => (author.url ? { ...author, url: new URL(author.url, site.url).href } : author)),
    canonicalUrl: fm.canonicalUrl ? new URL(fm.canonicalUrl, site.url).href : url,
    ...(fm.subtitle && { subtitle: fm.subtitle }),
    ...(date.offsetMinutes !== undefined && { offsetMinutes: date.offsetMinutes }),
    ...(fm.expiryDate && { expires: fm.expiryDate.date }),
    ...(fm.image && { image: new URL(fm.image, url).href }),
    ...(fm.lang && { lang: fm.lang }),
    ...(aliases.paths.length > 0 && { aliases: aliases.paths }),
    ...(isBundleIndex(key) && { bundleDir: posix.dirname(key) }),
  };
  const references = rendered.links.flatMap((link) => localReference(link.href, url, site.url, { line: bodyLine + link.line - 1 }) ?? []);
  if (fm.image) {
    const field = IMAGE_FIELDS.find((name) => lineOfField(split.rawFrontMatter, name) !== undefined) ?? 'featuredImage';
    const image = localReference(fm.image, url, site.url, { field, line: lineOfField(split.rawFrontMatter, field) });
    if (image) references.unshift(image);
  }
  return { article, warnings, references };
}

// The spellings readFrontMatter folds into the featured image, in its order.
const IMAGE_FIELDS = ['featuredImage', 'image', 'images'];

// A front matter slug is checked where it is read, with its line; one from a path is checked here.
function slugFromKeyChecked(key: string): string {
  const slug = slugFromKey(key);
  const problem = slugProblem(slug);
  if (problem) {
    const from = isBundleIndex(key) ? 'folder' : 'file';
    throw new ArticleError({ file: key, reason: `the slug "${printable(slug)}" that its ${from} name gives ${problem}; rename the ${from} or set "slug" in the front matter` });
  }
  return slug;
}

function fileNameDate(key: string): ArticleDate | undefined {
  const prefix = dateFromKey(key);
  if (prefix === undefined) return undefined;
  try {
    return parseDate(prefix);
  } catch (error) {
    throw new ArticleError({ file: key, reason: `the file name's date: ${(error as Error).message}` }, { cause: error });
  }
}

// What `{{ site.NAME }}` and Hugo's site params give: the author's `siteValues` over Jekyll's built-in names.
function siteValues(site: SiteConfig): Readonly<Record<string, unknown>> {
  return {
    url: site.url.replace(/\/$/, ''),
    baseurl: site.url.replace(/\/$/, ''),
    title: site.title,
    description: site.description,
    lang: site.language,
    author: site.author.name,
    ...(site.author.email && { email: site.author.email }),
    ...site.values,
  };
}

function lowerCaseKeys(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k.toLowerCase(), v]));
}

function lineOf(body: string, text: string, bodyLine: number): { line?: number } {
  const index = body.indexOf(text);
  return index === -1 ? {} : { line: bodyLine + body.slice(0, index).split('\n').length - 1 };
}
