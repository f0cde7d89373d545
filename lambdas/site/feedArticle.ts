import type { SiteConfig } from '../config/siteConfig';
import type { Article } from '../content/article';
import { escapeHtml } from './escapeHtml';

/**
 * The article as the feeds carry it: HTML over `feedItemMaxBytes` is
 * replaced by the summary and a link. Feed readers truncate or refuse huge
 * items, and a bounded item keeps every later feed rebuild cheap whatever
 * this article holds (the pipeline stores this form).
 */
export function feedArticleOf(article: Article, site: Pick<SiteConfig, 'feedItemMaxBytes'>): Article {
  if (Buffer.byteLength(article.html) <= site.feedItemMaxBytes) return article;
  return { ...article, html: feedStub(article) };
}

/**
 * Whether the article's HTML is the summary and link {@link feedArticleOf}
 * put in place of HTML over `feedItemMaxBytes` (the stored form of a long article).
 */
export function isCutForFeed(article: Article): boolean {
  return article.html === feedStub(article);
}

function feedStub(article: Article): string {
  return `<p>${escapeHtml(article.summary)}</p>\n<p><a href="${escapeHtml(article.url)}">Read the whole article</a></p>\n`;
}
