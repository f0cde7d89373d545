import type { ApiRequest } from './apiTypes';

/**
 * Whether a browser sent this request from another site's page (a form on a
 * third-party site posting to ours, to spread requests over its visitors).
 * Browsers say so in `Sec-Fetch-Site` (Fetch Metadata); older ones only send
 * `Origin`, which must then be the site's own. A request with neither comes
 * from a program (curl, a script, a mail provider's one-click), not from a
 * page, and is not cross-site: those clients keep working.
 *
 * @example
 * isCrossSite({ headers: { 'sec-fetch-site': 'cross-site' } }, 'https://news.example.com/'); // true
 */
export function isCrossSite(request: Pick<ApiRequest, 'headers'>, siteUrl: string): boolean {
  const fetchSite = request.headers['sec-fetch-site'];
  // `same-site` (another subdomain of the site's domain) and `none` (the reader typed the URL) are the site's own.
  if (fetchSite) return fetchSite.trim().toLowerCase() === 'cross-site';
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).origin !== new URL(siteUrl).origin;
  } catch {
    return true; // `null` (a sandboxed or privacy-sensitive context) or nonsense: not the site
  }
}
