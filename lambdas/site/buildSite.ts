import { posix } from 'node:path';
import type { SiteConfig } from '../config/siteConfig';
import type { Article, FirstSeen } from '../content/article';
import { articlePagePath, articleUrl } from '../content/articleUrl';
import type { ContentWarning } from '../content/contentWarning';
import { ArticleError } from '../content/errors';
import type { ParseContext, SourceFile } from '../content/parseArticle';
import { parseFrontMatter } from '../content/parseFrontMatter';
import { filesAnswering, missingReferenceWarning, type LocalReference } from '../content/localReference';
import { bundleFileProblem, staticFileProblem } from '../content/reservedPaths';
import { isBundleIndex, isMarkdownKey, isSectionPage, normaliseSlug, slugFromKey } from '../content/slugFor';
import { renderArticle } from './renderArticle';
import { renderRedirectPage } from './renderRedirectPage';
import { renderSharedFiles } from './renderSharedFiles';
import { sharedInputOf } from './sharedInputOf';
import { selectPublished, type SkipReason } from './selectPublished';

/** Everything a full build reads. */
export interface BuildInput {
  readonly site: SiteConfig;
  /** Every file under the content root: markdown and page-bundle assets alike. */
  readonly sources: readonly SourceFile[];
  /** The moment drafts, schedules and expiry are judged against. */
  readonly now: Date;
  readonly firstSeen: (key: string) => FirstSeen;
  readonly includeDrafts?: boolean;
}

/** One file of the built site. */
export interface OutputFile {
  /** Path relative to the site root, `/`-separated. */
  readonly path: string;
  readonly body: string | Uint8Array;
  /** The content file this is a copy of (a page-bundle or static file): never allowed over a page or a root file. */
  readonly copyOf?: string;
  /**
   * Absolute URL this path now redirects to (a Hugo alias, a slug an article
   * left). The body is a page that redirects by itself; where the host can
   * (S3 metadata that CloudFront reads, `herald dev`), the path answers 301.
   */
  readonly redirectTo?: string;
}

/** What a build did, for the one-line summary and the error list. */
export interface BuildReport {
  readonly published: readonly Article[];
  readonly skipped: Readonly<Record<SkipReason, number>>;
  readonly rejected: readonly ArticleError[];
  readonly warnings: readonly ContentWarning[];
}

/** The site's files and the report of how they came to be. */
export interface BuiltSite {
  readonly files: readonly OutputFile[];
  readonly report: BuildReport;
}

/** Articles parsed from markdown sources, in source order, and what the author should hear. */
export interface ParsedSources {
  readonly articles: readonly Article[];
  readonly warnings: readonly ContentWarning[];
  readonly rejected: readonly ArticleError[];
  /** The site-local files each article links to, by source key, to warn about those the site will not have. */
  readonly references: ReadonlyMap<string, readonly LocalReference[]>;
  /**
   * Each article's page as UTF-8, by source key: rendered with the article, so a caller
   * parsing on several threads renders pages there too. Bytes rather than a string: ten
   * thousand pages held until the write are then no work for the garbage collector.
   */
  readonly pages: ReadonlyMap<string, Uint8Array>;
}

/** What links between posts resolve through: the slug of each way of naming a post, and every content file. */
export interface PostIndex {
  readonly slugs: ReadonlyMap<string, string>;
  readonly files: ReadonlySet<string>;
}

/**
 * Builds the whole site from the content tree: feeds, archive, one page per
 * article, the files of page bundles and static files. A rejected file is
 * reported and left out; everything else is still built. Links, images and
 * featured images that point at a file the site will not have are warned about.
 *
 * @example
 * const { files, report } = buildSite({ site, sources, now: new Date(), firstSeen });
 */
export function buildSite(input: BuildInput): BuiltSite {
  const postUrl = postUrlResolver(input.site.url, postIndex(input.sources));
  return assembleSite(input, parseSources(markdownSources(input.sources), { site: input.site, firstSeen: input.firstSeen, postUrl }));
}

/** The articles among the content files: markdown that is not a section page. */
export function markdownSources(sources: readonly SourceFile[]): SourceFile[] {
  return sources.filter((s) => isMarkdownKey(s.key) && !isSectionPage(s.key));
}

/**
 * Parses each markdown source and renders its page on its own, the bulk of
 * a build: sources are independent, so a caller may split them across
 * threads and join the parts in source order.
 */
export function parseSources(markdown: readonly SourceFile[], ctx: ParseContext): ParsedSources {
  const articles: Article[] = [];
  const rejected: ArticleError[] = [];
  const warnings: ContentWarning[] = [];
  const references = new Map<string, readonly LocalReference[]>();
  const pages = new Map<string, Uint8Array>();
  for (const source of markdown) {
    try {
      const rendered = renderArticle(source, ctx);
      articles.push(rendered.article);
      warnings.push(...rendered.warnings);
      references.set(source.key, rendered.references);
      pages.set(source.key, Buffer.from(rendered.page));
    } catch (error) {
      rejected.push(asArticleError(error, source.key));
    }
  }
  return { articles, warnings, rejected, references, pages };
}

/** Everything after parsing: which articles are visible, their pages, the archive, the feeds and the copied files. */
export function assembleSite(input: Omit<BuildInput, 'firstSeen'>, parsed: ParsedSources): BuiltSite {
  const { site } = input;
  const rejected = [...parsed.rejected];
  const warnings = [...parsed.warnings];
  const selection = selectPublished(parsed.articles, input.now, input.includeDrafts);
  rejected.push(...selection.rejected);

  const bundleDirs = markdownSources(input.sources).filter((s) => isBundleIndex(s.key)).map((s) => posix.dirname(s.key));
  const { assets, refused } = authorFiles(site.url, selection.published, bundleDirs, input.sources);
  rejected.push(...refused);
  const imageSizes = new Map(assets.map((a) => [a.url, a.file.body.length]));
  const pages = selection.published.map((a) => ({ path: articlePagePath(a.slug), body: parsed.pages.get(a.key)! }));
  const files: OutputFile[] = [
    ...renderSharedFiles(site, sharedInputOf(selection.published, imageSizes)),
    ...pages,
    ...aliasRedirects(site, selection.published, new Set([...pages, ...assets.map((a) => a.file)].map((f) => f.path)), warnings),
    ...assets.map((a) => a.file),
  ];
  const paths = new Set(files.map((f) => f.path));
  for (const article of selection.published) {
    for (const reference of parsed.references.get(article.key) ?? []) {
      if (!filesAnswering(reference.path).some((path) => paths.has(path))) warnings.push(missingReferenceWarning(article.key, reference));
    }
  }
  const skipped = { draft: 0, scheduled: 0, expired: 0 };
  for (const { reason } of selection.skipped) skipped[reason]++;
  return {
    files,
    report: { published: selection.published, skipped, rejected: rejected.sort((a, b) => (a.file < b.file ? -1 : 1)), warnings },
  };
}

// An alias never replaces a page or an author's file, and the first article (newest first) to name a path keeps it.
function aliasRedirects(site: SiteConfig, published: readonly Article[], taken: Set<string>, warnings: ContentWarning[]): OutputFile[] {
  const redirects: OutputFile[] = [];
  for (const article of published) {
    for (const path of article.aliases ?? []) {
      if (taken.has(path)) {
        warnings.push({ file: article.key, message: `alias ${path} ignored: another page or file is published there` });
        continue;
      }
      taken.add(path);
      redirects.push({ path, body: renderRedirectPage(site, article.url), redirectTo: article.url });
    }
  }
  return redirects;
}

/** Indexes the content files for links between posts: the slug a post sets in its front matter decides its URL. */
export function postIndex(sources: readonly SourceFile[]): PostIndex {
  const slugs = new Map<string, string>();
  const files = new Set<string>();
  for (const source of sources) {
    files.add(source.key);
    if (!isMarkdownKey(source.key) || isSectionPage(source.key)) continue;
    const slug = declaredSlug(source) ?? slugFromKey(source.key);
    const withoutExtension = source.key.replace(/\.(md|markdown)$/i, '');
    for (const name of [source.key, withoutExtension, posix.basename(withoutExtension)]) if (!slugs.has(name)) slugs.set(name, slug);
  }
  return { slugs, files };
}

/**
 * Resolves a reference to another post (`{{< ref >}}`, `{% post_url %}`) through a {@link postIndex}.
 * A name that matches no file gives undefined, so the article is warned about its dead link.
 */
export function postUrlResolver(siteUrl: string, { slugs, files }: PostIndex): (ref: string) => string | undefined {
  return (ref) => {
    const clean = ref.trim().replace(/^\/+/, '').replace(/^(content|_posts)\//, '');
    const name = clean.replace(/\.(md|markdown)$/i, '');
    const slug = slugs.get(clean) ?? slugs.get(name) ?? slugs.get(posix.basename(name));
    if (slug !== undefined) return articleUrl(siteUrl, slug);
    // Jekyll's `{% link %}` may name any file, which Herald publishes at its own path.
    return files.has(clean) ? new URL(clean, siteUrl).href : undefined;
  };
}

const SLUG = Buffer.from('slug');

function declaredSlug(source: SourceFile): string | undefined {
  // Front matter that sets a slug names the field; most files do not, and skip a second parse.
  if (Buffer.from(source.bytes.buffer, source.bytes.byteOffset, source.bytes.byteLength).indexOf(SLUG) === -1) return undefined;
  try {
    const slug = parseFrontMatter(Buffer.from(source.bytes).toString('utf8').replace(/\r\n?/g, '\n'), source.key).data.slug;
    return typeof slug === 'string' && slug.trim() ? normaliseSlug(slug) : undefined;
  } catch {
    return undefined; // the article's own parse reports the problem
  }
}

interface AuthorFile {
  readonly url: string;
  readonly file: OutputFile;
}

/**
 * The non-markdown files of the content tree as the site publishes them: a
 * file belongs to the innermost page bundle above it (published beside its
 * article's page, if the article is), else it is a static file published at
 * its own path (DESIGN.md "Contracts"). Neither may replace a page or a root file.
 */
function authorFiles(siteUrl: string, published: readonly Article[], bundleDirs: readonly string[], sources: readonly SourceFile[]): { assets: AuthorFile[]; refused: ArticleError[] } {
  const innermostFirst = [...bundleDirs].sort((a, b) => b.length - a.length);
  const live = new Map(published.filter((a) => a.bundleDir !== undefined).map((a) => [a.bundleDir!, a]));
  const assets: AuthorFile[] = [];
  const refused: ArticleError[] = [];
  for (const source of sources) {
    if (isMarkdownKey(source.key)) continue;
    const bundleDir = innermostFirst.find((dir) => source.key.startsWith(`${dir}/`));
    if (bundleDir !== undefined) {
      const owner = live.get(bundleDir);
      if (!owner) continue; // a draft's, a scheduled or a rejected article's files wait with it
      const relative = posix.relative(bundleDir, source.key);
      const problem = bundleFileProblem(relative, owner.slug);
      if (problem) {
        refused.push(new ArticleError({ file: source.key, reason: problem }));
        continue;
      }
      assets.push({ url: new URL(relative, owner.url).href, file: { path: `posts/${owner.slug}/${relative}`, body: source.bytes, copyOf: source.key } });
      continue;
    }
    const problem = staticFileProblem(source.key);
    if (problem) refused.push(new ArticleError({ file: source.key, reason: problem }));
    else assets.push({ url: new URL(source.key.split('/').map(encodeURIComponent).join('/'), siteUrl).href, file: { path: source.key, body: source.bytes, copyOf: source.key } });
  }
  return { assets, refused };
}

// Whatever goes wrong inside one article must not stop the others.
function asArticleError(error: unknown, file: string): ArticleError {
  if (error instanceof ArticleError) return error;
  return new ArticleError({ file, reason: `could not be rendered: ${error instanceof Error ? error.message : String(error)}` }, { cause: error });
}
