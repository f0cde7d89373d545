import { escapeHtml } from './escapeHtml';

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
  const svg = `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><rect width='32' height='32' rx='7' fill='#0b57d0'/><text x='16' y='22.5' font-family='system-ui,sans-serif' font-size='19' font-weight='700' text-anchor='middle' fill='#fff'>${letter}</text></svg>`;
  // Only what a URL cannot carry as it is gets encoded, so the icon stays short on every page.
  return `data:image/svg+xml,${svg.replace(/[%#<>"\s]/g, (c) => (c === ' ' ? '%20' : encodeURIComponent(c)))}`;
}
