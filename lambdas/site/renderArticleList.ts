import type { ArchiveEntry } from './renderIndexPage';
import { escapeHtml } from './escapeHtml';
import { formatDate } from './formatDate';

/** Articles as every listing page shows them, newest first: title, date and summary. */
export function renderArticleList(articles: readonly ArchiveEntry[]): string {
  const e = escapeHtml;
  if (articles.length === 0) return '<p>Nothing published yet.</p>';
  const items = articles.map((a) => `<li>
<h2><a href="${e(a.url)}">${e(a.title)}</a></h2>
<p class="meta"><time datetime="${a.date.toISOString()}">${formatDate(a.date, a.offsetMinutes)}</time></p>
${a.summary ? `<p>${e(a.summary)}</p>\n` : ''}</li>`);
  return `<ol class="posts">\n${items.join('\n')}\n</ol>`;
}
