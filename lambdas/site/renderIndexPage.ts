import type { SiteConfig } from '../config/siteConfig';
import type { Article } from '../content/article';
import { escapeHtml } from './escapeHtml';
import { formatDate } from './formatDate';
import { renderLayout, renderSubscribeForm } from './renderLayout';

/** What the archive shows of an article; small enough to keep for every article in a state table. */
export type ArchiveEntry = Pick<Article, 'title' | 'url' | 'date' | 'offsetMinutes' | 'summary'>;

/**
 * The archive: every published article, newest first, with its summary. The
 * site name is the header's heading; the subscribe form comes before the list,
 * where a visitor sees it without scrolling past every post.
 */
export function renderIndexPage(site: SiteConfig, articles: readonly ArchiveEntry[]): string {
  const e = escapeHtml;
  const items = articles.map((a) => `<li>
<h2><a href="${e(a.url)}">${e(a.title)}</a></h2>
<p class="meta"><time datetime="${a.date.toISOString()}">${formatDate(a.date, a.offsetMinutes)}</time></p>
${a.summary ? `<p>${e(a.summary)}</p>\n` : ''}</li>`);
  const main = `${site.description ? `<p class="intro">${e(site.description)}</p>\n` : ''}${renderSubscribeForm(site)}
<h2 class="visually-hidden">Articles</h2>
${articles.length === 0 ? '<p>Nothing published yet.</p>' : `<ol class="posts">\n${items.join('\n')}\n</ol>`}`;
  return renderLayout(site, {
    title: site.title,
    description: site.description || site.title,
    canonicalUrl: site.url,
    ogType: 'website',
    home: true,
  }, main);
}
