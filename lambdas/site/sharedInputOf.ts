import type { Article } from '../content/article';
import { monthOf, type MonthSummary } from './archivePaths';
import type { ImageSizes } from './feedEntry';
import type { ListedArticle, MonthListing, SharedInput, TagInput } from './renderSharedFiles';
import { tagsOf } from './tagsOf';

/**
 * The shared files' input for a whole site (`herald build`): every month and
 * every tag, from the published articles.
 *
 * @param published every published article, newest first.
 * @example
 * renderSharedFiles(site, sharedInputOf(published, imageSizes));
 */
export function sharedInputOf(published: readonly Article[], imageSizes: ImageSizes): SharedInput {
  const byTag = new Map<string, Article[]>();
  for (const article of published) {
    for (const { slug } of tagsOf(article)) {
      const list = byTag.get(slug);
      if (list) list.push(article);
      else byTag.set(slug, [article]);
    }
  }
  const tags: TagInput[] = [...byTag].map(([slug, articles]) => ({ slug, newest: articles, listed: articles, ...monthsOf(articles) }));
  return { newest: published, imageSizes, listed: published, ...monthsOf(published), tags };
}

/** Articles (newest first) by month: each month's summary and its page's list. */
function monthsOf(articles: readonly ListedArticle[]): { months: MonthSummary[]; monthPages: MonthListing[] } {
  const byMonth = new Map<string, ListedArticle[]>();
  for (const article of articles) {
    const month = monthOf(article.date);
    const list = byMonth.get(month);
    if (list) list.push(article);
    else byMonth.set(month, [article]);
  }
  const monthPages = [...byMonth].map(([month, inMonth]) => ({ month, articles: inMonth }));
  return { months: monthPages.map(({ month, articles: inMonth }) => summaryOf(month, inMonth)), monthPages };
}

/** A month's count and newest update. */
export function summaryOf(month: string, articles: readonly Pick<Article, 'updated'>[]): MonthSummary {
  return { month, count: articles.length, updated: articles.reduce((newest, a) => (a.updated > newest ? a.updated : newest), new Date(0)) };
}
