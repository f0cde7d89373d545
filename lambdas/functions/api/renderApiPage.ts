import type { SiteConfig } from '../../config/siteConfig';
import { escapeHtml } from '../../site/escapeHtml';
import { renderLayout } from '../../site/renderLayout';

/** A small page in the site's look for the API's answers to people (confirm, unsubscribe, errors). */
export function renderApiPage(site: SiteConfig, title: string, message: string, extraHtml = ''): string {
  return renderLayout(site, { title: `${title} · ${site.title}`, description: message, canonicalUrl: site.url, ogType: 'website' },
    `<h1>${escapeHtml(title)}</h1>\n<p role="status">${escapeHtml(message)}</p>\n${extraHtml}<p><a href="${escapeHtml(site.url)}">← Back to ${escapeHtml(site.title)}</a></p>`);
}

/** The unsubscribe page: a GET never unsubscribes (mail scanners follow links), this button does. */
export function renderUnsubscribePage(site: SiteConfig, token: string): string {
  const form = `<form method="post" action="${escapeHtml(`${site.url}api/unsubscribe?token=${encodeURIComponent(token)}`)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>\n`;
  return renderApiPage(site, 'Unsubscribe', `Stop getting new articles from ${site.title} by email.`, form);
}
