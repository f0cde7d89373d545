import type { SiteConfig } from '../config/siteConfig';
import type { Article } from '../content/article';
import type { OutputFile } from './buildSite';
import { buildFeeds } from './buildFeeds';
import { feedArticleOf } from './feedArticle';
import type { ImageSizes } from './feedEntry';
import { FEED_PREVIEW_SCRIPT } from './feedPreviewScript';
import { FEED_STYLESHEET } from './feedStylesheet';
import { renderIndexPage, type ArchiveEntry } from './renderIndexPage';
import { renderNotFoundPage } from './renderNotFoundPage';
import { renderRobots } from './renderRobots';
import { renderSitemap, renderSitemapIndex, SITEMAP_MAX_URLS, type SitemapEntry } from './renderSitemap';
import { SITE_PATHS } from './sitePaths';

/** What the archive, the sitemap and (later) tag and month pages list of each published article. */
export type ListedArticle = ArchiveEntry & Pick<Article, 'updated'>;

/**
 * The published articles as the shared files need them. `herald build`
 * passes what it has just parsed; the pipeline's rebuild reads the newest
 * stored articles and the articles table's listing. A new kind of shared
 * file adds what it needs here, and both paths provide it.
 */
export interface SharedInput {
  /** The newest published articles, newest first: the feeds carry `feedItems` of them. */
  readonly newest: readonly Article[];
  /** Sizes of featured images the site serves, for the enclosures. */
  readonly imageSizes: ImageSizes;
  /** Every published article, newest first. */
  readonly listed: readonly ListedArticle[];
}

/**
 * Renders every file that depends on more than one article: the three feeds,
 * their stylesheet and browser preview, the archive, the 404 page,
 * robots.txt and the sitemap. This is the one implementation both `herald
 * build` and the rebuild function run, so the two cannot drift.
 *
 * @example
 * const files = renderSharedFiles(site, { newest: published, imageSizes, listed: published });
 */
export function renderSharedFiles(site: SiteConfig, input: SharedInput): OutputFile[] {
  const feeds = buildFeeds(site, input.newest.slice(0, site.feedItems).map((a) => feedArticleOf(a, site)), input.imageSizes);
  return [
    { path: SITE_PATHS.rss, body: feeds.rss },
    { path: SITE_PATHS.atom, body: feeds.atom },
    { path: SITE_PATHS.json, body: feeds.json },
    { path: SITE_PATHS.feedStylesheet, body: FEED_STYLESHEET },
    { path: SITE_PATHS.feedPreviewScript, body: FEED_PREVIEW_SCRIPT },
    { path: SITE_PATHS.index, body: renderIndexPage(site, input.listed) },
    { path: SITE_PATHS.notFound, body: renderNotFoundPage(site) },
    { path: SITE_PATHS.robots, body: renderRobots(site) },
    ...sitemapFiles(site, input.listed),
  ];
}

// One sitemap.xml, or an index of numbered ones when the site outgrows one file.
function sitemapFiles(site: SiteConfig, listed: readonly ListedArticle[]): OutputFile[] {
  const entries: SitemapEntry[] = [
    { url: site.url, ...(listed[0] && { lastModified: listed.reduce((newest, a) => (a.updated > newest ? a.updated : newest), listed[0].updated) }) },
    ...listed.map((a) => ({ url: a.url, lastModified: a.updated })),
  ];
  if (entries.length <= SITEMAP_MAX_URLS) return [{ path: SITE_PATHS.sitemap, body: renderSitemap(entries) }];
  const parts: OutputFile[] = [];
  for (let start = 0; start < entries.length; start += SITEMAP_MAX_URLS) {
    parts.push({ path: `sitemap-${parts.length + 1}.xml`, body: renderSitemap(entries.slice(start, start + SITEMAP_MAX_URLS)) });
  }
  return [{ path: SITE_PATHS.sitemap, body: renderSitemapIndex(parts.map((p) => `${site.url}${p.path}`)) }, ...parts];
}
