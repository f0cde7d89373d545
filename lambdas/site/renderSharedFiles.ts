import type { SiteConfig } from '../config/siteConfig';
import type { Article } from '../content/article';
import { ARCHIVE_DIR, folderUrl, monthDir, NEWEST_LISTED, tagDir, type MonthSummary } from './archivePaths';
import type { OutputFile } from './buildSite';
import { buildFeeds, type Feeds } from './buildFeeds';
import { feedArticleOf } from './feedArticle';
import { siteChannel, tagChannel, type FeedChannel } from './feedChannel';
import type { ImageSizes } from './feedEntry';
import { FEED_PREVIEW_SCRIPT } from './feedPreviewScript';
import { FEED_STYLESHEET } from './feedStylesheet';
import { renderIndexPage, type ArchiveEntry } from './renderIndexPage';
import { renderMonthPage } from './renderMonthPage';
import { renderNotFoundPage } from './renderNotFoundPage';
import { renderRobots } from './renderRobots';
import { renderSitemap, renderSitemapIndex } from './renderSitemap';
import { renderTagPage } from './renderTagPage';
import { SITE_PATHS } from './sitePaths';
import { tagNameIn } from './tagsOf';

/** What the home page, a month page and a tag page list of each published article. */
export type ListedArticle = ArchiveEntry & Pick<Article, 'updated' | 'tags' | 'categories'>;

/** The articles of one month of a listing, newest first; none when the month has none left (its pages go). */
export interface MonthListing {
  readonly month: string;
  readonly articles: readonly ListedArticle[];
}

/** One tag's part of the shared files. */
export interface TagInput {
  readonly slug: string;
  /** The tag's newest articles, newest first: its feeds carry `feedItems` of them. */
  readonly newest: readonly Article[];
  /** The tag's newest listed articles (at least NEWEST_LISTED when it has them); none when the tag has no article left. */
  readonly listed: readonly ListedArticle[];
  /** Every month with an article of the tag, newest first. */
  readonly months: readonly MonthSummary[];
  /** The months of the tag whose pages to write (or remove). */
  readonly monthPages: readonly MonthListing[];
}

/**
 * The published articles as the shared files need them. `herald build`
 * passes all of it ({@link sharedInputOf}); the pipeline's rebuild passes
 * the months and tags its batch touched, read from the articles table, so
 * one publish rewrites a bounded part of the site whatever its size.
 */
export interface SharedInput {
  /** The newest published articles, newest first: the feeds carry `feedItems` of them. */
  readonly newest: readonly Article[];
  /** Sizes of featured images the site serves, for the enclosures. */
  readonly imageSizes: ImageSizes;
  /** The newest listed articles, newest first (at least NEWEST_LISTED when there are). */
  readonly listed: readonly ListedArticle[];
  /** Every month that has articles, newest first. */
  readonly months: readonly MonthSummary[];
  /** The months whose page and sitemap to write (or remove). */
  readonly monthPages: readonly MonthListing[];
  /** The tags whose pages and feeds to write (or remove). */
  readonly tags: readonly TagInput[];
}

/** The path of the sitemap of a month: `archive/YYYY/MM/sitemap.xml`. */
function monthSitemapPath(month: string): string {
  return `${monthDir(month)}${SITE_PATHS.sitemap}`;
}

/** The sitemap of the pages outside the months (the home page). */
const HOME_SITEMAP = `${ARCHIVE_DIR}/${SITE_PATHS.sitemap}`;

/**
 * Renders every file that depends on more than one article: the three
 * feeds, their stylesheet and browser preview, the home page, the 404 page,
 * robots.txt and the sitemap index; then the page and sitemap of each month
 * in `monthPages`, and the page, three feeds and month pages of each tag in
 * `tags`. This is the one implementation both `herald build` and the
 * rebuild function run, so the two cannot drift. Months and tags with no
 * article left render nothing: {@link staleSharedFiles} names what to remove.
 *
 * @example
 * const files = renderSharedFiles(site, sharedInputOf(published, imageSizes));
 */
export function renderSharedFiles(site: SiteConfig, input: SharedInput): OutputFile[] {
  const files: OutputFile[] = [
    ...feedFiles('', feedsOf(site, input.newest, input.imageSizes, siteChannel(site))),
    { path: SITE_PATHS.feedStylesheet, body: FEED_STYLESHEET },
    { path: SITE_PATHS.feedPreviewScript, body: FEED_PREVIEW_SCRIPT },
    { path: SITE_PATHS.index, body: renderIndexPage(site, input.listed.slice(0, NEWEST_LISTED), input.months) },
    { path: SITE_PATHS.notFound, body: renderNotFoundPage(site) },
    { path: SITE_PATHS.robots, body: renderRobots(site) },
    { path: SITE_PATHS.sitemap, body: renderSitemapIndex(sitemapsOf(site, input)) },
    { path: HOME_SITEMAP, body: renderSitemap([{ url: site.url, ...(input.months[0] && { lastModified: newestUpdate(input.months) }) }]) },
  ];
  for (const { month, articles } of input.monthPages) {
    if (articles.length === 0) continue;
    files.push(
      { path: `${monthDir(month)}${SITE_PATHS.index}`, body: renderMonthPage(site, month, articles) },
      { path: monthSitemapPath(month), body: renderSitemap(monthSitemap(site, month, articles)) },
    );
  }
  for (const tag of input.tags) {
    if (tag.listed.length === 0) continue;
    const ref = { slug: tag.slug, name: tagNameIn(tag.listed, tag.slug) };
    files.push(
      ...feedFiles(tagDir(tag.slug), feedsOf(site, tag.newest, input.imageSizes, tagChannel(site, ref))),
      { path: `${tagDir(tag.slug)}${SITE_PATHS.index}`, body: renderTagPage(site, ref, tag.listed.slice(0, NEWEST_LISTED), tag.months) },
    );
    for (const { month, articles } of tag.monthPages) {
      if (articles.length > 0) files.push({ path: `${monthDir(month, tag.slug)}${SITE_PATHS.index}`, body: renderMonthPage(site, month, articles, { slug: tag.slug, name: tagNameIn(articles, tag.slug) }) });
    }
  }
  return files;
}

/** What to take off the site for the months and tags of `input` that have no article left: single files, and whole tag folders. */
export function staleSharedFiles(input: SharedInput): { readonly paths: string[]; readonly folders: string[] } {
  const paths: string[] = [];
  const folders: string[] = [];
  for (const { month, articles } of input.monthPages) if (articles.length === 0) paths.push(`${monthDir(month)}${SITE_PATHS.index}`, monthSitemapPath(month));
  for (const tag of input.tags) {
    if (tag.listed.length === 0) folders.push(tagDir(tag.slug));
    else for (const { month, articles } of tag.monthPages) if (articles.length === 0) paths.push(`${monthDir(month, tag.slug)}${SITE_PATHS.index}`);
  }
  return { paths, folders };
}

function feedsOf(site: SiteConfig, newest: readonly Article[], imageSizes: ImageSizes, channel: FeedChannel): Feeds {
  return buildFeeds(site, newest.slice(0, site.feedItems).map((a) => feedArticleOf(a, site)), imageSizes, channel);
}

function feedFiles(dir: string, feeds: Feeds): OutputFile[] {
  return [
    { path: `${dir}${SITE_PATHS.rss}`, body: feeds.rss },
    { path: `${dir}${SITE_PATHS.atom}`, body: feeds.atom },
    { path: `${dir}${SITE_PATHS.json}`, body: feeds.json },
  ];
}

// The index names the home page's sitemap and one per month, each dated by its newest change.
function sitemapsOf(site: SiteConfig, input: SharedInput): { url: string; lastModified?: Date }[] {
  return [
    { url: `${site.url}${HOME_SITEMAP}`, ...(input.months[0] && { lastModified: newestUpdate(input.months) }) },
    ...input.months.map((m) => ({ url: folderUrl(site.url, monthSitemapPath(m.month)), lastModified: m.updated })),
  ];
}

function monthSitemap(site: SiteConfig, month: string, articles: readonly ListedArticle[]): { url: string; lastModified: Date }[] {
  const updated = articles.reduce((newest, a) => (a.updated > newest ? a.updated : newest), articles[0]!.updated);
  return [{ url: folderUrl(site.url, monthDir(month)), lastModified: updated }, ...articles.map((a) => ({ url: a.url, lastModified: a.updated }))];
}

function newestUpdate(months: readonly MonthSummary[]): Date {
  return months.reduce((newest, m) => (m.updated > newest ? m.updated : newest), months[0]!.updated);
}
