import type { Article } from '../content/article';
import { tagProblem } from '../content/slugFor';
import { tagSlug } from './tagUrl';

/** A tag with a page: its URL segment and the name an author wrote. */
export interface TagRef {
  readonly slug: string;
  readonly name: string;
}

/**
 * The tags an article is listed under, each with a page at
 * `tags/<slug>/`: its categories then its tags (the article page links
 * both), once per tag slug, without those whose slug cannot be a safe URL
 * segment (`tagProblem`; the parse warns about them).
 *
 * @example
 * tagsOf({ categories: ['Notes'], tags: ['notes', 'AWS', 'C#'] }); // [{ slug: 'notes', name: 'Notes' }, { slug: 'aws', name: 'AWS' }]
 */
export function tagsOf(article: Pick<Article, 'tags' | 'categories'>): TagRef[] {
  const tags = new Map<string, TagRef>();
  for (const name of [...article.categories, ...article.tags]) {
    const slug = tagSlug(name);
    if (!tags.has(slug) && tagProblem(name) === undefined) tags.set(slug, { slug, name: name.trim() });
  }
  return [...tags.values()];
}

/** How the newest of these articles writes the tag: the name its page shows. */
export function tagNameIn(articles: readonly Pick<Article, 'tags' | 'categories'>[], slug: string): string {
  for (const article of articles) {
    const found = tagsOf(article).find((t) => t.slug === slug);
    if (found) return found.name;
  }
  return slug;
}
