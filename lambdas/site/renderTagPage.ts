import type { SiteConfig } from '../config/siteConfig';
import { folderUrl, monthDir, type MonthSummary } from './archivePaths';
import { escapeHtml } from './escapeHtml';
import { tagChannel } from './feedChannel';
import type { ArchiveEntry } from './renderIndexPage';
import { renderArticleList } from './renderArticleList';
import { renderLayout, renderSubscribeForm } from './renderLayout';
import { renderMonthList } from './renderMonthList';
import { SITE_PATHS } from './sitePaths';
import type { TagRef } from './tagsOf';

/**
 * A tag's page, `tags/<slug>/`: its newest articles, its own three feeds
 * (linked and announced for autodiscovery), a subscribe form for that tag
 * alone, and every month that has its older articles.
 *
 * @param newest the tag's newest articles (NEWEST_LISTED of them), newest first.
 * @param months every month with an article of the tag, newest first.
 */
export function renderTagPage(site: SiteConfig, tag: TagRef, newest: readonly ArchiveEntry[], months: readonly MonthSummary[]): string {
  const e = escapeHtml;
  const channel = tagChannel(site, tag);
  const total = months.reduce((sum, m) => sum + m.count, 0);
  const feeds = [['RSS', SITE_PATHS.rss], ['Atom', SITE_PATHS.atom], ['JSON Feed', SITE_PATHS.json]] as const;
  const main = `<h1>${e(tag.name)}</h1>
<p class="meta">${total === 1 ? '1 article' : `${total} articles`} tagged “${e(tag.name)}”. Follow them in a feed reader: ${feeds.map(([label, path]) => `<a href="${e(channel.link + path)}">${label}</a>`).join(' · ')}</p>
${renderSubscribeForm(site, tag.name)}
<h2 class="visually-hidden">Latest ${e(tag.name)} articles</h2>
${renderArticleList(newest)}
${renderMonthList(`All ${tag.name} articles`, months, (month) => folderUrl(site.url, monthDir(month, tag.slug)))}
<p class="back"><a href="${e(site.url)}">← All articles</a></p>`;
  return renderLayout(site, {
    title: `${tag.name} · ${site.title}`,
    description: channel.description,
    canonicalUrl: channel.link,
    ogType: 'website',
    feeds: channel,
  }, main);
}
