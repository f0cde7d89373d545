import type { SiteConfig } from '../config/siteConfig';
import type { Article } from '../content/article';
import { folderUrl, monthDir, type MonthSummary } from './archivePaths';
import { escapeHtml } from './escapeHtml';
import { renderArticleList } from './renderArticleList';
import { renderLayout, renderSubscribeForm } from './renderLayout';
import { renderMonthList } from './renderMonthList';

/** What the archive shows of an article; small enough to keep for every article in a state table. */
export type ArchiveEntry = Pick<Article, 'title' | 'url' | 'date' | 'offsetMinutes' | 'summary'>;

/**
 * The home page: the newest articles with their summaries, then every month
 * of the archive, so any article is two clicks away. The site name is the
 * header's heading; the subscribe form comes before the list, where a
 * visitor sees it without scrolling. Its size does not grow with the
 * archive (but for one line a month), so rewriting it on every publish costs the same.
 *
 * @param newest the newest articles (NEWEST_LISTED of them), newest first.
 * @param months every month that has articles, newest first.
 */
export function renderIndexPage(site: SiteConfig, newest: readonly ArchiveEntry[], months: readonly MonthSummary[]): string {
  const e = escapeHtml;
  const main = `${site.description ? `<p class="intro">${e(site.description)}</p>\n` : ''}${renderSubscribeForm(site)}
<h2 class="visually-hidden">Latest articles</h2>
${renderArticleList(newest)}
${renderMonthList('Archive', months, (month) => folderUrl(site.url, monthDir(month)))}`;
  return renderLayout(site, {
    title: site.title,
    description: site.description || site.title,
    canonicalUrl: site.url,
    ogType: 'website',
    home: true,
  }, main);
}
