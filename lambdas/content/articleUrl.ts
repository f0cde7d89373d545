/** The permalink of the article with this slug: `<site>/posts/<slug>/`. */
export function articleUrl(siteUrl: string, slug: string): string {
  return `${siteUrl}posts/${encodeURIComponent(slug)}/`;
}

/** Output path of the article's page, relative to the site root. */
export function articlePagePath(slug: string): string {
  return `posts/${slug}/index.html`;
}
