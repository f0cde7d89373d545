/**
 * A tag's URL segment (DESIGN.md): lower case, runs of white space as one dash.
 *
 * @example
 * tagSlug('Static Sites'); // 'static-sites'
 */
export function tagSlug(tag: string): string {
  return tag.trim().toLowerCase().replace(/\s+/g, '-');
}

/** The absolute URL of a tag's page: `<site>tags/<tag-slug>/`. */
export function tagUrl(siteUrl: string, tag: string): string {
  return `${siteUrl}tags/${encodeURIComponent(tagSlug(tag))}/`;
}
