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
} as const;
