import { normaliseSlug } from '../content/slugFor';

/**
 * A tag's URL segment (DESIGN.md): lower case, runs of white space as one dash.
 * Only a tag without a `tagProblem` (content/slugFor.ts) has a page there.
 *
 * @example
 * tagSlug('Static Sites'); // 'static-sites'
 */
export function tagSlug(tag: string): string {
  return normaliseSlug(tag);
}

/** The absolute URL of a tag's page: `<site>tags/<tag-slug>/`. */
export function tagUrl(siteUrl: string, tag: string): string {
  return `${siteUrl}tags/${encodeURIComponent(tagSlug(tag))}/`;
}
