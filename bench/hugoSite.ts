import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// What Herald builds, as near as Hugo's own kinds allow: a page per article; the
// home page listing every article with its summary (Herald lists the newest 20 and
// puts every article on its month's page: the same entries, spread over pages);
// a page per tag and per category listing every article of it with its summary
// (Herald: the newest 20 and the tag's month pages) with an RSS feed of its newest
// 20; the site's RSS feed of the newest 20 with full content; the sitemap,
// robots.txt and a 404 page. Hugo's list of all tags and its section pages are
// switched off, since Herald builds neither; docs/performance.md lists what still differs.
const CONFIG = (siteUrl: string) => `baseURL = "${siteUrl}"
title = "Bench"
languageCode = "en"
disableKinds = ["taxonomy", "section"]
enableRobotsTXT = true
rssLimit = 20
ignoreErrors = ["error-disable-taxonomy"]
`;

const SINGLE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title>
<meta name="description" content="{{ .Summary | plainify }}">
<link rel="canonical" href="{{ .Permalink }}">
<link rel="alternate" type="application/rss+xml" href="{{ "index.xml" | absURL }}">
<meta property="og:title" content="{{ .Title }}"><meta property="og:type" content="article">
<meta property="article:published_time" content="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">
</head><body><main><article>
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2 January 2006" }}</time></p>
{{ .Content }}
<ul class="tags">{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul>
</article><p><a href="{{ .Site.BaseURL }}">← All articles</a></p></main></body></html>
`;

const HOME = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Site.Title }}</title>
<link rel="alternate" type="application/rss+xml" href="{{ "index.xml" | absURL }}"></head>
<body><main><h1>{{ .Site.Title }}</h1><ol>
{{ range .Site.RegularPages.ByDate.Reverse }}<li><h2><a href="{{ .Permalink }}">{{ .Title }}</a></h2><p><time>{{ .Date.Format "2 January 2006" }}</time></p><p>{{ .Summary | plainify }}</p></li>
{{ end }}</ol></main></body></html>
`;

const RSS = `<rss version="2.0"><channel><title>{{ .Site.Title }}</title><link>{{ .Permalink }}</link><description>{{ .Site.Title }}</description>
{{ range first 20 .Site.RegularPages.ByDate.Reverse }}<item><title>{{ .Title }}</title><link>{{ .Permalink }}</link><pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" }}</pubDate><guid>{{ .Permalink }}</guid><description>{{ .Content | html }}</description></item>
{{ end }}</channel></rss>
`;

const TERM = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="alternate" type="application/rss+xml" href="{{ "index.xml" | relURL }}"></head>
<body><main><h1>{{ .Title }}</h1><ol>
{{ range .Pages.ByDate.Reverse }}<li><h2><a href="{{ .Permalink }}">{{ .Title }}</a></h2><p><time>{{ .Date.Format "2 January 2006" }}</time></p><p>{{ .Summary | plainify }}</p></li>
{{ end }}</ol></main></body></html>
`;

const TERM_RSS = `<rss version="2.0"><channel><title>{{ .Title }} · {{ .Site.Title }}</title><link>{{ .Permalink }}</link><description>{{ .Title }}</description>
{{ range first 20 .Pages.ByDate.Reverse }}<item><title>{{ .Title }}</title><link>{{ .Permalink }}</link><pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" }}</pubDate><guid>{{ .Permalink }}</guid><description>{{ .Content | html }}</description></item>
{{ end }}</channel></rss>
`;

const NOT_FOUND = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Not found · {{ .Site.Title }}</title></head>
<body><main><h1>Not found</h1><p><a href="{{ .Site.BaseURL }}">← All articles</a></p></main></body></html>
`;

/**
 * Makes `dir` a Hugo site over the articles already in `dir/content`: a
 * config and the layouts Hugo needs to render what Herald renders.
 */
export function writeHugoSite(dir: string, siteUrl: string): void {
  mkdirSync(join(dir, 'layouts', '_default'), { recursive: true });
  writeFileSync(join(dir, 'config.toml'), CONFIG(siteUrl));
  writeFileSync(join(dir, 'layouts', '_default', 'single.html'), SINGLE);
  writeFileSync(join(dir, 'layouts', 'index.html'), HOME);
  writeFileSync(join(dir, 'layouts', 'index.rss.xml'), RSS);
  writeFileSync(join(dir, 'layouts', '_default', 'term.html'), TERM);
  writeFileSync(join(dir, 'layouts', '_default', 'term.rss.xml'), TERM_RSS);
  writeFileSync(join(dir, 'layouts', '404.html'), NOT_FOUND);
}
