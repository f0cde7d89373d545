import { escapeHtml } from './escapeHtml';

/** The most URLs one sitemap file may list (sitemaps.org). */
export const SITEMAP_MAX_URLS = 50_000;

/** One page a search engine should know, with when it last changed. */
export interface SitemapEntry {
  /** Absolute URL. */
  readonly url: string;
  readonly lastModified?: Date;
}

/**
 * `sitemap.xml` in the Sitemaps 0.9 protocol (sitemaps.org): one `<url>` per
 * page with its `<loc>`, entity-escaped, and `<lastmod>` in W3C datetime.
 * The protocol allows {@link SITEMAP_MAX_URLS} per file; more go into several
 * files listed by {@link renderSitemapIndex}.
 */
export function renderSitemap(entries: readonly SitemapEntry[]): string {
  const urls = entries.map((entry) => `<url><loc>${escapeHtml(entry.url)}</loc>${entry.lastModified ? `<lastmod>${entry.lastModified.toISOString()}</lastmod>` : ''}</url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

/** A sitemap index (sitemaps.org) naming sitemap files by absolute URL. */
export function renderSitemapIndex(sitemapUrls: readonly string[]): string {
  const items = sitemapUrls.map((url) => `<sitemap><loc>${escapeHtml(url)}</loc></sitemap>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items.join('\n')}\n</sitemapindex>\n`;
}
