/** Where each site-wide output lives, relative to the site root (DESIGN.md contract). */
export const SITE_PATHS = {
  rss: 'feed.xml',
  atom: 'atom.xml',
  json: 'feed.json',
  index: 'index.html',
  notFound: '404.html',
  sitemap: 'sitemap.xml',
  robots: 'robots.txt',
  feedStylesheet: 'feed.xsl',
  /** Applies feed.xsl where the browser has no XSLT of its own. */
  feedPreviewScript: 'feed-preview.js',
  /** The JavaScript XSLT processor (the xslt-processor package's browser build) that feed-preview.js loads. */
  xsltProcessor: 'xslt-processor.js',
} as const;

const FEED_FILE = /^(tags\/[^/]+\/)?(feed\.xml|atom\.xml|feed\.json)$/;

/** Whether a site path is a feed: the site's three, or a tag's under `tags/<tag>/` (the WebSub topics). */
export function isFeedPath(path: string): boolean {
  return FEED_FILE.test(path);
}
