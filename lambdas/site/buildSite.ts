import { posix } from 'node:path';
import type { SiteConfig } from '../config/siteConfig';
import type { Article, FirstSeen } from '../content/article';
import { articlePagePath, articleUrl } from '../content/articleUrl';
import type { ContentWarning } from '../content/contentWarning';
import { ArticleError } from '../content/errors';
import { parseArticle, type SourceFile } from '../content/parseArticle';
import { parseFrontMatter } from '../content/parseFrontMatter';
import { filesAnswering, missingReferenceWarning, type LocalReference } from '../content/localReference';
import { bundleFileProblem, staticFileProblem } from '../content/reservedPaths';
import { isBundleIndex, isMarkdownKey, isSectionPage, normaliseSlug, slugFromKey } from '../content/slugFor';
import { buildFeeds } from './buildFeeds';
import { FEED_STYLESHEET } from './feedStylesheet';
import { renderIndexPage } from './renderIndexPage';
import { renderPostPage } from './renderPostPage';
import { selectPublished, type SkipReason } from './selectPublished';
import { SITE_PATHS } from './sitePaths';

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
  const { site } = input;
  const articles: Article[] = [];
  const rejected: ArticleError[] = [];
  const warnings: ContentWarning[] = [];
  const markdown = input.sources.filter((s) => isMarkdownKey(s.key) && !isSectionPage(s.key));
  const postUrl = postUrlResolver(site.url, input.sources);
  const references = new Map<string, readonly LocalReference[]>();
  for (const source of markdown) {
    try {
      const parsed = parseArticle(source, { site, firstSeen: input.firstSeen, postUrl });
      articles.push(parsed.article);
      warnings.push(...parsed.warnings);
      references.set(source.key, parsed.references);
    } catch (error) {
      rejected.push(asArticleError(error, source.key));
    }
  }
  const selection = selectPublished(articles, input.now, input.includeDrafts);
  rejected.push(...selection.rejected);

  const bundleDirs = markdown.filter((s) => isBundleIndex(s.key)).map((s) => posix.dirname(s.key));
  const { assets, refused } = authorFiles(site.url, selection.published, bundleDirs, input.sources);
  rejected.push(...refused);
  const imageSizes = new Map(assets.map((a) => [a.url, a.file.body.length]));
  const feeds = buildFeeds(site, selection.published, imageSizes);
  const files: OutputFile[] = [
    { path: SITE_PATHS.rss, body: feeds.rss },
    { path: SITE_PATHS.atom, body: feeds.atom },
    { path: SITE_PATHS.json, body: feeds.json },
    { path: SITE_PATHS.feedStylesheet, body: FEED_STYLESHEET },
    { path: SITE_PATHS.index, body: renderIndexPage(site, selection.published) },
    ...selection.published.map((a) => ({ path: articlePagePath(a.slug), body: renderPostPage(site, a) })),
    ...assets.map((a) => a.file),
  ];
  const paths = new Set(files.map((f) => f.path));
  for (const article of selection.published) {
    for (const reference of references.get(article.key) ?? []) {
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

// Links between posts name files; the slug a post sets in its front matter decides the URL.
// A name that matches no file gives undefined, so the article is warned about its dead link.
function postUrlResolver(siteUrl: string, sources: readonly SourceFile[]): (ref: string) => string | undefined {
  const slugs = new Map<string, string>();
  const files = new Set<string>();
  for (const source of sources) {
    files.add(source.key);
    if (!isMarkdownKey(source.key) || isSectionPage(source.key)) continue;
    const slug = declaredSlug(source) ?? slugFromKey(source.key);
    const withoutExtension = source.key.replace(/\.(md|markdown)$/i, '');
    for (const name of [source.key, withoutExtension, posix.basename(withoutExtension)]) if (!slugs.has(name)) slugs.set(name, slug);
  }
  return (ref) => {
    const clean = ref.trim().replace(/^\/+/, '').replace(/^(content|_posts)\//, '');
    const name = clean.replace(/\.(md|markdown)$/i, '');
    const slug = slugs.get(clean) ?? slugs.get(name) ?? slugs.get(posix.basename(name));
    if (slug !== undefined) return articleUrl(siteUrl, slug);
    // Jekyll's `{% link %}` may name any file, which Herald publishes at its own path.
    return files.has(clean) ? new URL(clean, siteUrl).href : undefined;
  };
}

function declaredSlug(source: SourceFile): string | undefined {
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
