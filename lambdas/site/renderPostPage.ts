import type { SiteConfig } from '../config/siteConfig';
import type { Article } from '../content/article';
import { escapeHtml } from './escapeHtml';
import { formatDate } from './formatDate';
import { renderLayout } from './renderLayout';

/** The HTML page of one article, at `posts/<slug>/index.html`. */
export function renderPostPage(site: SiteConfig, article: Article): string {
  const e = escapeHtml;
  const authors = article.authors.length > 0 ? article.authors : [site.author];
  const tags = [...new Set([...article.categories, ...article.tags])];
  const main = `<article>
<h1>${e(article.title)}</h1>
${article.subtitle ? `<p class="subtitle">${e(article.subtitle)}</p>\n` : ''}<p class="meta"><time datetime="${article.date.toISOString()}">${formatDate(article.date, article.offsetMinutes)}</time> · ${e(authors.map((a) => a.name).join(', '))}</p>
${article.html}
${tags.length > 0 ? `<ul class="tags" aria-label="Tags">${tags.map((t) => `<li>${e(t)}</li>`).join('')}</ul>\n` : ''}</article>
<p><a href="${e(site.url)}">← All articles</a></p>`;
  return renderLayout(site, {
    title: `${article.title} · ${site.title}`,
    description: article.description ?? article.summary,
    canonicalUrl: article.canonicalUrl,
    ogType: 'article',
    ...(article.image && { image: article.image }),
    ...(article.lang && { lang: article.lang }),
    extraHead: [
      `<meta property="article:published_time" content="${article.date.toISOString()}">`,
      `<meta property="article:modified_time" content="${article.updated.toISOString()}">`,
    ],
  }, main);
}
