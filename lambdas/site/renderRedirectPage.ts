import type { SiteConfig } from '../config/siteConfig';
import { escapeHtml } from './escapeHtml';

/**
 * The page left at an old URL (a former slug, a Hugo alias). Servers that
 * can answer 301 do; any other host still sends readers and crawlers on,
 * through the refresh and the canonical link, as Hugo's alias pages do.
 */
export function renderRedirectPage(site: SiteConfig, targetUrl: string): string {
  const url = escapeHtml(targetUrl);
  return `<!doctype html>
<html lang="${escapeHtml(site.language)}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(site.title)}: moved</title>
<link rel="canonical" href="${url}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=${url}">
</head>
<body>
<p>This page has moved to <a href="${url}">${url}</a>.</p>
</body>
</html>
`;
}
