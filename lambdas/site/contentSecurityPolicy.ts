import { SITE_PATHS } from './sitePaths';

/**
 * The Content-Security-Policy of Herald's pages: no script but the site's
 * own files, the inline stylesheet every page carries, images and media from
 * anywhere over HTTPS (articles embed them), embedded frames over HTTPS
 * (video shortcodes), forms posting only to the site, and no framing.
 */
export const SITE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' https: data:",
  "media-src 'self' https:",
  'frame-src https:',
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The policy of files an author uploaded that a browser would run as a
 * document (a page bundle's `.html`, an `.svg`): sandboxed into an opaque
 * origin with no script at all, so they cannot act as the site.
 */
export const UNTRUSTED_FILE_CONTENT_SECURITY_POLICY = [
  'sandbox',
  "default-src 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' https: data:",
  "media-src 'self' https:",
  "font-src 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** File names that browsers render as documents able to run script. */
export const DOCUMENT_FILE_NAME = /\.(?:svgz?|x?html?|xht|xml)$/i;

/** The documents Herald itself renders: trusted, whatever folder they are in. */
export const HERALD_DOCUMENT_NAMES: readonly string[] = [SITE_PATHS.index, SITE_PATHS.notFound, SITE_PATHS.rss, SITE_PATHS.atom, SITE_PATHS.sitemap];

/**
 * The Content-Security-Policy for a path of the site: Herald's own pages get
 * the site's policy, any other document-like file the sandbox.
 *
 * @example
 * contentSecurityPolicyFor('/posts/hello/diagram.svg'); // UNTRUSTED_FILE_CONTENT_SECURITY_POLICY
 */
export function contentSecurityPolicyFor(path: string): string {
  const name = (path.split('/').pop() ?? '').toLowerCase();
  return DOCUMENT_FILE_NAME.test(name) && !HERALD_DOCUMENT_NAMES.includes(name) ? UNTRUSTED_FILE_CONTENT_SECURITY_POLICY : SITE_CONTENT_SECURITY_POLICY;
}
