import type { SiteConfig } from '../config/siteConfig';
import { SITE_PATHS } from './sitePaths';

/**
 * `robots.txt` (RFC 9309): everything may be crawled but the API, whose
 * links act for one subscriber, and the sitemap is named with its absolute
 * URL as the Sitemaps protocol asks.
 */
export function renderRobots(site: SiteConfig): string {
  return `User-agent: *\nDisallow: ${new URL(site.url).pathname}api/\n\nSitemap: ${site.url}${SITE_PATHS.sitemap}\n`;
}
