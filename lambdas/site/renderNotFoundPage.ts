import type { SiteConfig } from '../config/siteConfig';
import { escapeHtml } from './escapeHtml';
import { renderLayout } from './renderLayout';
import { SITE_PATHS } from './sitePaths';

/**
 * The site's `404.html`: the site's own look, a way back to the archive and
 * the feeds, and nothing that depends on the missing path, so one file
 * serves every miss.
 */
export function renderNotFoundPage(site: SiteConfig): string {
  const e = escapeHtml;
  return renderLayout(site, {
    title: `Page not found · ${site.title}`,
    description: `There is no page at this address on ${site.title}.`,
    canonicalUrl: `${site.url}${SITE_PATHS.notFound}`,
    ogType: 'website',
    noindex: true,
  }, `<div class="notice">
<h1>Page not found</h1>
<p>There is nothing at this address. The article may have moved, or the link may be mistyped.</p>
<p class="actions"><a class="button" href="${e(site.url)}">See all articles</a></p>
</div>`);
}
