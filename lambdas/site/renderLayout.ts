import type { SiteConfig } from '../config/siteConfig';
import type { CodeTokenKind } from '../content/highlightCode';
import { escapeHtml } from './escapeHtml';
import { siteChannel, type FeedChannel } from './feedChannel';
import { faviconHref } from './faviconHref';
import { SITE_PATHS } from './sitePaths';

/** What a page tells browsers, crawlers and link previews about itself. */
export interface PageMeta {
  readonly title: string;
  readonly description: string;
  /** Absolute canonical URL. */
  readonly canonicalUrl: string;
  readonly ogType: 'website' | 'article';
  readonly image?: string;
  readonly lang?: string;
  /** Extra `<head>` lines (already escaped), e.g. article:published_time. */
  readonly extraHead?: readonly string[];
  /** The home page: the site name in the header is its `<h1>`, so the page does not repeat it. */
  readonly home?: boolean;
  /** Pages people should not find in search results (the API's answers, 404). */
  readonly noindex?: boolean;
  /** A tag page's own feeds, announced for autodiscovery before the site's. */
  readonly feeds?: FeedChannel;
}

/**
 * Token colours of highlighted code (see highlightCode.ts), each at WCAG AA
 * (4.5:1) on its scheme's code background, on the site and in the newsletter.
 */
export const SITE_CODE_COLOURS: Readonly<Record<'light' | 'dark', Readonly<Record<CodeTokenKind, string>>>> = {
  light: { comment: '#57606a', keyword: '#cf222e', string: '#0a3069', number: '#0550ae', title: '#8250df', type: '#953800', addition: '#116329', deletion: '#82071e' },
  dark: { comment: '#8b949e', keyword: '#ff7b72', string: '#a5d6ff', number: '#79c0ff', title: '#d2a8ff', type: '#ffa657', addition: '#7ee787', deletion: '#ffa198' },
};

function codeColours(colours: Readonly<Record<string, string>>): string {
  return Object.entries(colours).map(([kind, colour]) => `--hl-${kind}:${colour}`).join(';');
}

/**
 * One small stylesheet inlined in every page (and the feeds' preview): no
 * extra request, no framework, and the site stays exactly the files DESIGN.md
 * lists. Grouped by part of the page; each colour pair meets WCAG AA (4.5:1)
 * in both schemes.
 */
export const SITE_STYLE = `
/* colours and base */
:root{color-scheme:light dark;--fg:#1d1d1f;--muted:#5f6368;--bg:#fdfdfc;--accent:#0b57d0;--on-accent:#ffffff;--rule:#dcdcdc;--code:#f3f3f1;--box:#f6f6f4;${codeColours(SITE_CODE_COLOURS.light)}}
@media (prefers-color-scheme:dark){:root{--fg:#e8e6e3;--muted:#a9a9ae;--bg:#151517;--accent:#8ab4f8;--on-accent:#151517;--rule:#36363a;--code:#222226;--box:#1c1c1f;${codeColours(SITE_CODE_COLOURS.dark)}}}
/* highlighted code and footnotes */
${Object.keys(SITE_CODE_COLOURS.light).map((kind) => `.hl-${kind}{color:var(--hl-${kind})}`).join('')}.hl-comment{font-style:italic}
.footnotes{font-size:.9rem;color:var(--muted)}.footnotes-sep{border:0;border-top:1px solid var(--rule)}sup{line-height:0}.footnote-ref a{text-decoration:none}pre{tab-size:4}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.7 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;-webkit-text-size-adjust:100%}
.wrap{max-width:42rem;margin:0 auto;padding:1.5rem 1.25rem}
a{color:var(--accent);text-underline-offset:.15em}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
h1{font-size:clamp(1.75rem,5vw,2.25rem);line-height:1.2;letter-spacing:-.01em;margin:.25rem 0 .5rem}
h2,h3{line-height:1.3}
.meta,.subtitle{color:var(--muted)}
.meta{font-size:.95rem}
.subtitle{font-size:1.2rem;margin:0 0 .5rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
/* header and footer */
header.site{border-bottom:1px solid var(--rule)}
header.site .wrap{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;align-items:baseline;justify-content:space-between;padding-top:1rem;padding-bottom:1rem}
header.site .home{margin:0;font-size:1.2rem;line-height:1.4;letter-spacing:0}
header.site .home a{font-weight:700;text-decoration:none;color:var(--fg)}
nav.feeds{font-size:.9rem;display:flex;gap:.9rem}
nav.feeds a{color:var(--muted);text-decoration:none}nav.feeds a:hover{color:var(--accent);text-decoration:underline}
footer.site{border-top:1px solid var(--rule);color:var(--muted);font-size:.9rem;margin-top:2rem}
footer.site a{color:var(--muted)}
/* article */
article img{max-width:100%;height:auto}
figure{margin:1.5rem 0}figcaption{color:var(--muted);font-size:.9rem}
pre{background:var(--code);padding:1rem;overflow-x:auto;border-radius:6px;font-size:.9rem;line-height:1.5}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
:not(pre)>code{background:var(--code);padding:.1em .3em;border-radius:4px;font-size:.9em}
table{border-collapse:collapse;display:block;max-width:100%;overflow-x:auto;font-size:.95rem}th,td{border:1px solid var(--rule);padding:.35rem .6rem;text-align:left}
blockquote{margin:1rem 0;padding-left:1rem;border-left:3px solid var(--rule);color:var(--muted)}
.tags{padding:0;margin:2rem 0 0;list-style:none;display:flex;flex-wrap:wrap;gap:.5rem}
.tags a,.tags span{display:inline-block;font-size:.85rem;border:1px solid var(--rule);border-radius:99px;padding:.1rem .7rem;text-decoration:none}
.tags a:hover{border-color:var(--accent)}
.back{margin:2rem 0 0}
/* archive */
.intro{font-size:1.2rem;color:var(--muted);margin:.5rem 0 0}
ol.posts{list-style:none;padding:0;margin:2.5rem 0 0}ol.posts li{margin:0 0 2rem}
ol.posts h2{margin:0;font-size:1.3rem}ol.posts h2 a{color:var(--fg);text-decoration:none}ol.posts h2 a:hover{color:var(--accent);text-decoration:underline}
ol.posts .meta{margin:.15rem 0 .35rem}ol.posts p{margin:0}
nav.archive{margin:3rem 0 0;padding-top:1.5rem;border-top:1px solid var(--rule)}nav.archive h2{font-size:1.3rem;margin:0 0 1rem}
nav.archive dl{display:grid;grid-template-columns:auto 1fr;gap:.5rem 1.25rem;margin:0}nav.archive dt{font-weight:600}nav.archive dd{margin:0}
nav.archive ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}nav.archive .meta{font-size:.85rem}
/* subscribe form and buttons */
form.subscribe{margin:2rem 0;padding:1.25rem;background:var(--box);border:1px solid var(--rule);border-radius:10px}
form.subscribe label{display:block;font-weight:600;margin-bottom:.6rem}
form.subscribe .row{display:flex;flex-wrap:wrap;gap:.5rem}
form.subscribe input[type=email]{flex:1 1 10rem;min-width:0}
form.subscribe input[type=email],form.preferences input[type=text]{font:inherit;padding:.55rem .7rem;border:1px solid var(--muted);border-radius:6px;background:var(--bg);color:var(--fg)}
form.subscribe .note{margin:.6rem 0 0;font-size:.9rem}
form.subscribe .hp{position:absolute;left:-10000px}
.button{display:inline-block;font:inherit;font-weight:600;line-height:1.4;padding:.55rem 1.1rem;border:1px solid var(--accent);border-radius:6px;background:var(--accent);color:var(--on-accent);text-decoration:none;cursor:pointer}
.button.secondary{background:transparent;color:var(--accent)}
/* notices: the API's answers and the 404 page */
.notice{max-width:34rem;margin:2rem auto 3rem;text-align:center}
.notice p{margin:.75rem 0}
.notice .actions{display:flex;flex-wrap:wrap;gap:.75rem;justify-content:center;margin:1.5rem 0 .5rem}
.notice form{margin:0}
/* the preference page */
form.preferences{margin:1.5rem 0 0;text-align:left}
form.preferences fieldset{margin:0 0 1rem;padding:.75rem 1.25rem 1rem;border:1px solid var(--rule);border-radius:10px;background:var(--box);min-width:0}
form.preferences legend{font-weight:600;padding:0 .35rem}
form.preferences .note{font-size:.9rem;margin:.25rem 0 .75rem}
form.preferences .choices{display:flex;flex-wrap:wrap;gap:.35rem 1.25rem;margin:0 0 1rem}
form.preferences .choices label{display:flex;align-items:center;gap:.45rem}
form.preferences .choices.stacked{flex-direction:column;align-items:flex-start}
form.preferences .choices input{flex:none;width:1.1rem;height:1.1rem;margin:0;accent-color:var(--accent)}
form.preferences label.more{display:block;margin:0 0 .35rem}
form.preferences input[type=text]{width:100%}
/* feed preview (feed.xsl) */
.feed-about{margin:1.5rem 0 2.5rem;padding:1.25rem;background:var(--box);border:1px solid var(--rule);border-radius:10px}
.feed-about p{margin:.4rem 0}
.feed-about code{display:block;margin:.5rem 0;font-size:.9rem;padding:.5rem .7rem;background:var(--bg);border:1px solid var(--rule);border-radius:6px;overflow-wrap:anywhere}
`.trim();

/**
 * Wraps page content in the site's shell: feed autodiscovery for all three
 * formats, canonical URL, Open Graph tags, an inline icon, the header with
 * the feeds and the footer. Pages place the subscribe form themselves
 * ({@link renderSubscribeForm}) where it belongs on them.
 */
export function renderLayout(site: SiteConfig, meta: PageMeta, main: string): string {
  const e = escapeHtml;
  const feeds = [['RSS', SITE_PATHS.rss], ['Atom', SITE_PATHS.atom], ['JSON Feed', SITE_PATHS.json]] as const;
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(meta.title)}</title>`,
    `<meta name="description" content="${e(meta.description)}">`,
    ...(meta.noindex ? ['<meta name="robots" content="noindex">'] : []),
    `<link rel="canonical" href="${e(meta.canonicalUrl)}">`,
    `<link rel="icon" href="${e(faviconHref(site.title))}">`,
    ...(meta.feeds ? feedLinks(meta.feeds) : []),
    ...feedLinks(siteChannel(site)),
    `<meta property="og:site_name" content="${e(site.title)}">`,
    `<meta property="og:title" content="${e(meta.title)}">`,
    `<meta property="og:description" content="${e(meta.description)}">`,
    `<meta property="og:url" content="${e(meta.canonicalUrl)}">`,
    `<meta property="og:type" content="${meta.ogType}">`,
    ...(meta.image ? [`<meta property="og:image" content="${e(meta.image)}">`, '<meta name="twitter:card" content="summary_large_image">'] : []),
    ...(meta.extraHead ?? []),
    `<style>${SITE_STYLE}</style>`,
  ];
  const brand = `<a href="${e(site.url)}">${e(site.title)}</a>`;
  return `<!doctype html>
<html lang="${e(meta.lang ?? site.language)}">
<head>
${head.join('\n')}
</head>
<body>
<header class="site"><div class="wrap">
${meta.home ? `<h1 class="home">${brand}</h1>` : `<p class="home">${brand}</p>`}
<nav class="feeds" aria-label="Feeds">${feeds.map(([label, path]) => `<a href="${e(site.url + path)}">${label}</a>`).join('')}</nav>
</div></header>
<main class="wrap">
${main}
</main>
<footer class="site"><div class="wrap">
<p>${e(site.title)} by ${e(site.author.name)}. Follow it in a feed reader (${feeds.map(([label, path]) => `<a href="${e(site.url + path)}">${label}</a>`).join(', ')}) or <a href="${e(site.url)}#subscribe">by email</a>.</p>
</div></footer>
</body>
</html>
`;
}

// Autodiscovery of one channel's three feeds (HTML Living Standard, link type "alternate").
function feedLinks(channel: FeedChannel): string[] {
  const e = escapeHtml;
  return [
    `<link rel="alternate" type="application/rss+xml" title="${e(channel.title)} (RSS)" href="${e(channel.link + SITE_PATHS.rss)}">`,
    `<link rel="alternate" type="application/atom+xml" title="${e(channel.title)} (Atom)" href="${e(channel.link + SITE_PATHS.atom)}">`,
    `<link rel="alternate" type="application/feed+json" title="${e(channel.title)} (JSON Feed)" href="${e(channel.link + SITE_PATHS.json)}">`,
  ];
}

/**
 * The subscribe form: plain HTML, so it works without JavaScript; the
 * honeypot field is for the API's bot check. On a tag's page it asks for
 * that tag's articles only (the API's `tags` field).
 */
export function renderSubscribeForm(site: SiteConfig, tag?: string): string {
  const e = escapeHtml;
  return `<form class="subscribe" id="subscribe" method="post" action="${e(site.url)}api/subscribe">
<label for="subscribe-email">${tag === undefined ? 'Get new articles by email' : `Get new ${e(tag)} articles by email`}</label>
${tag === undefined ? '' : `<input name="tags" type="hidden" value="${e(tag)}">
`}<div class="row">
<input id="subscribe-email" name="email" type="email" autocomplete="email" required placeholder="Your email" aria-describedby="subscribe-note">
<input class="hp" name="website" type="text" tabindex="-1" autocomplete="off" aria-hidden="true">
<button class="button" type="submit">Subscribe</button>
</div>
<p id="subscribe-note" class="note meta">One email per new ${tag === undefined ? '' : `${e(tag)} `}article. Unsubscribe with one click.</p>
</form>`;
}
