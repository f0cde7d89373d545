import { escapeHtml } from './escapeHtml';

/** One page a search engine should know, with when it last changed. */
export interface SitemapEntry {
  /** Absolute URL. */
  readonly url: string;
  readonly lastModified?: Date;
}

/**
 * A sitemap in the Sitemaps 0.9 protocol (sitemaps.org): one `<url>` per
 * page with its `<loc>`, entity-escaped, and `<lastmod>` in W3C datetime.
 * Herald writes one per month of the archive (the protocol allows 50,000
 * URLs a file), listed by {@link renderSitemapIndex}.
 */
export function renderSitemap(entries: readonly SitemapEntry[]): string {
  const urls = entries.map((entry) => `<url><loc>${escapeHtml(entry.url)}</loc>${entry.lastModified ? `<lastmod>${entry.lastModified.toISOString()}</lastmod>` : ''}</url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

/** A sitemap index (sitemaps.org) naming sitemap files by absolute URL, each with when it last changed. */
export function renderSitemapIndex(sitemaps: readonly SitemapEntry[]): string {
  const items = sitemaps.map((entry) => `<sitemap><loc>${escapeHtml(entry.url)}</loc>${entry.lastModified ? `<lastmod>${entry.lastModified.toISOString()}</lastmod>` : ''}</sitemap>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items.join('\n')}\n</sitemapindex>\n`;
}
