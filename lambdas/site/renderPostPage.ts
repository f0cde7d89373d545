import type { SiteConfig } from '../config/siteConfig';
import type { Article } from '../content/article';
import { tagProblem } from '../content/slugFor';
import { escapeHtml } from './escapeHtml';
import { formatDate } from './formatDate';
import { renderLayout, renderSubscribeForm } from './renderLayout';
import { tagUrl } from './tagUrl';

/** The HTML page of one article, at `posts/<slug>/index.html`. */
export function renderPostPage(site: SiteConfig, article: Article): string {
  const e = escapeHtml;
  const authors = article.authors.length > 0 ? article.authors : [site.author];
  const tags = [...new Set([...article.categories, ...article.tags])];
  const main = `<article>
<h1>${e(article.title)}</h1>
${article.subtitle ? `<p class="subtitle">${e(article.subtitle)}</p>\n` : ''}<p class="meta"><time datetime="${article.date.toISOString()}">${formatDate(article.date, article.offsetMinutes)}</time> · ${e(authors.map((a) => a.name).join(', '))}</p>
${article.html}
${tags.length > 0 ? `<ul class="tags" aria-label="Tags">${tags.map((t) => (tagProblem(t) === undefined ? `<li><a href="${e(tagUrl(site.url, t))}" rel="tag">${e(t)}</a></li>` : `<li><span>${e(t)}</span></li>`)).join('')}</ul>\n` : ''}</article>
${renderSubscribeForm(site)}
<p class="back"><a href="${e(site.url)}">← All articles</a></p>`;
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
      ...authors.map((a) => `<meta property="article:author" content="${e(a.name)}">`),
      ...tags.map((t) => `<meta property="article:tag" content="${e(t)}">`),
      `<script type="application/ld+json">${jsonLd(articleData(site, article, authors, tags))}</script>`,
    ],
  }, main);
}

// schema.org Article (as BlogPosting) for search engines' rich results.
function articleData(site: SiteConfig, article: Article, authors: Article['authors'], tags: readonly string[]): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'BlogPosting',
    headline: article.title,
    description: article.summary,
    url: article.url,
    mainEntityOfPage: article.canonicalUrl,
    datePublished: article.date.toISOString(),
    dateModified: article.updated.toISOString(),
    inLanguage: article.lang ?? site.language,
    author: authors.map((a) => ({ '@type': 'Person', name: a.name, ...(a.url && { url: a.url }) })),
    publisher: { '@type': 'Organization', name: site.title, url: site.url },
    ...(article.image && { image: [article.image] }),
    ...(tags.length > 0 && { keywords: tags.join(', ') }),
  };
}

// JSON inside <script> must not be able to close the element or open a comment.
function jsonLd(data: Record<string, unknown>): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
