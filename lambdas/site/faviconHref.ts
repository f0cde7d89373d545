import { escapeHtml } from './escapeHtml';

// Only what a URL cannot carry as it is gets encoded, so the icon stays short on every page.
const encode = (text: string) => text.replace(/[%#<>"'\s]/g, (c) => (c === "'" ? '%27' : encodeURIComponent(c)));

/**
 * The two halves of the icon's data URL around its letter, so that feed.xsl
 * can put the site's initial between them.
 */
export const FAVICON_HREF_PARTS = [
  `data:image/svg+xml,${encode("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><rect width='32' height='32' rx='7' fill='#0b57d0'/><text x='16' y='22.5' font-family='system-ui,sans-serif' font-size='19' font-weight='700' text-anchor='middle' fill='#fff'>")}`,
  encode('</text></svg>'),
] as const;

/**
 * The site's icon as an inline SVG data URL: the first letter of the site
 * title on the accent colour. Inline, so no page ever asks for a
 * `/favicon.ico` that is not there.
 *
 * @example
 * `<link rel="icon" href="${escapeHtml(faviconHref('Field Notes'))}">`
 */
export function faviconHref(siteTitle: string): string {
  const letter = escapeHtml([...siteTitle.trim()][0]?.toUpperCase() ?? 'H');
  return `${FAVICON_HREF_PARTS[0]}${encode(letter)}${FAVICON_HREF_PARTS[1]}`;
}
