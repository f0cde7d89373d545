import type { SiteConfig } from '../config/siteConfig';
import { folderUrl, monthDir, monthName, tagDir } from './archivePaths';
import { escapeHtml } from './escapeHtml';
import type { ArchiveEntry } from './renderIndexPage';
import { renderArticleList } from './renderArticleList';
import { renderLayout } from './renderLayout';
import type { TagRef } from './tagsOf';

/**
 * One month of the archive, `archive/YYYY/MM/` (or of a tag's,
 * `tags/<slug>/YYYY/MM/`): every article of that month, newest first. It
 * changes only when one of its own articles does, never because another
 * month grew.
 */
export function renderMonthPage(site: SiteConfig, month: string, articles: readonly ArchiveEntry[], tag?: TagRef): string {
  const e = escapeHtml;
  const heading = tag === undefined ? monthName(month, true) : `${tag.name} · ${monthName(month, true)}`;
  const back = tag === undefined
    ? `<a href="${e(site.url)}#archive">← All months</a>`
    : `<a href="${e(folderUrl(site.url, tagDir(tag.slug)))}#archive">← All ${e(tag.name)} articles</a>`;
  const main = `<h1>${e(heading)}</h1>
<p class="meta">${articles.length === 1 ? '1 article' : `${articles.length} articles`}${tag === undefined ? '' : ` tagged “${e(tag.name)}”`}</p>
${renderArticleList(articles)}
<p class="back">${back}</p>`;
  return renderLayout(site, {
    title: `${heading} · ${site.title}`,
    description: `${tag === undefined ? 'Articles' : `Articles tagged “${tag.name}”`} from ${monthName(month, true)} on ${site.title}`,
    canonicalUrl: folderUrl(site.url, monthDir(month, tag?.slug)),
    ogType: 'website',
  }, main);
}
