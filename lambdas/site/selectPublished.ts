import type { Article } from '../content/article';
import { ArticleError } from '../content/errors';
import { compareKeys } from './compareKeys';

/** Why an article is left out of the site without being an error. */
export type SkipReason = 'draft' | 'scheduled' | 'expired';

/** The articles a site shows, newest first, and what was held back. */
export interface Selection {
  readonly published: readonly Article[];
  readonly skipped: readonly { readonly article: Article; readonly reason: SkipReason }[];
  /** Articles whose slug an earlier one already took. */
  readonly rejected: readonly ArticleError[];
}

/**
 * Decides which articles are live at `now`: drafts (unless `includeDrafts`),
 * articles whose time has not come and expired ones stay out. When two
 * articles claim one slug, the one whose key sorts first keeps it, so the
 * outcome never depends on the order files were read in.
 */
export function selectPublished(articles: readonly Article[], now: Date, includeDrafts = false): Selection {
  const published: Article[] = [];
  const skipped: { article: Article; reason: SkipReason }[] = [];
  const rejected: ArticleError[] = [];
  const owners = new Map<string, string>();
  for (const article of [...articles].sort((a, b) => compareKeys(a.key, b.key))) {
    const owner = owners.get(article.slug);
    if (owner !== undefined) {
      rejected.push(new ArticleError({ file: article.key, reason: `slug "${article.slug}" is already used by ${owner}; set a different "slug" in its front matter` }));
      continue;
    }
    owners.set(article.slug, article.key);
    const reason = skipReason(article, now, includeDrafts);
    if (reason) skipped.push({ article, reason });
    else published.push(article);
  }
  return { published: published.sort(newestFirst), skipped, rejected };
}

/** What decides whether an article is live at a given moment. */
export type Visibility = Pick<Article, 'draft' | 'visibleFrom' | 'expires'>;

/** Whether and why an article is not live at `now`. */
export function skipReason(article: Visibility, now: Date, includeDrafts = false): SkipReason | undefined {
  if (article.draft && !includeDrafts) return 'draft';
  if (article.visibleFrom > now) return 'scheduled';
  if (article.expires && article.expires <= now) return 'expired';
  return undefined;
}

/** Newest first; ties broken by slug so the order is stable. */
export function newestFirst(a: Pick<Article, 'date' | 'slug'>, b: Pick<Article, 'date' | 'slug'>): number {
  return b.date.getTime() - a.date.getTime() || compareKeys(a.slug, b.slug);
}
