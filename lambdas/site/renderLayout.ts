import type { SiteConfig } from '../config/siteConfig';
import type { CodeTokenKind } from '../content/highlightCode';
import { escapeHtml } from './escapeHtml';
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
  /** Extra `<meta>` lines (already escaped), e.g. article:published_time. */
  readonly extraHead?: readonly string[];
}

// Token colours of highlighted code (see highlightCode.ts), each readable on its scheme's --code background.
const SITE_CODE_COLOURS: Readonly<Record<'light' | 'dark', Readonly<Record<CodeTokenKind, string>>>> = {
  light: { comment: '#6e7781', keyword: '#cf222e', string: '#0a3069', number: '#0550ae', title: '#8250df', type: '#953800', addition: '#116329', deletion: '#82071e' },
  dark: { comment: '#8b949e', keyword: '#ff7b72', string: '#a5d6ff', number: '#79c0ff', title: '#d2a8ff', type: '#ffa657', addition: '#7ee787', deletion: '#ffa198' },
};

function codeColours(colours: Readonly<Record<string, string>>): string {
  return Object.entries(colours).map(([kind, colour]) => `--hl-${kind}:${colour}`).join(';');
}

// One small stylesheet inlined in every page: no extra request, no framework,
// and the site stays exactly the files DESIGN.md lists.
const STYLE = `
:root{color-scheme:light dark;--fg:#1d1d1f;--muted:#5f6368;--bg:#fdfdfc;--accent:#0b57d0;--rule:#e3e3e3;--code:#f3f3f1;${codeColours(SITE_CODE_COLOURS.light)}}
@media (prefers-color-scheme:dark){:root{--fg:#e8e6e3;--muted:#a3a3a3;--bg:#151517;--accent:#8ab4f8;--rule:#2e2e31;--code:#222226;${codeColours(SITE_CODE_COLOURS.dark)}}}
${Object.keys(SITE_CODE_COLOURS.light).map((kind) => `.hl-${kind}{color:var(--hl-${kind})}`).join('')}.hl-comment{font-style:italic}
.footnotes{font-size:.9rem;color:var(--muted)}.footnote-ref a{text-decoration:none}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.65 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.wrap{max-width:42rem;margin:0 auto;padding:1.5rem 1.25rem}
a{color:var(--accent)}
header.site{border-bottom:1px solid var(--rule)}
header.site .wrap{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:baseline;justify-content:space-between}
header.site a.home{font-weight:700;font-size:1.2rem;text-decoration:none;color:var(--fg)}
nav.feeds a{margin-left:.75rem;font-size:.9rem}
h1{line-height:1.2;margin:.5rem 0}
.meta,.subtitle{color:var(--muted)}
.subtitle{font-size:1.15rem;margin:0 0 .5rem}
article img{max-width:100%;height:auto}
figure{margin:1.5rem 0}figcaption{color:var(--muted);font-size:.9rem}
pre{background:var(--code);padding:1rem;overflow-x:auto;border-radius:6px;font-size:.9rem}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
:not(pre)>code{background:var(--code);padding:.1em .3em;border-radius:4px}
table{border-collapse:collapse;display:block;overflow-x:auto}th,td{border:1px solid var(--rule);padding:.35rem .6rem}
blockquote{margin:1rem 0;padding-left:1rem;border-left:3px solid var(--rule);color:var(--muted)}
ol.posts{list-style:none;padding:0}ol.posts li{margin:0 0 1.75rem}
ol.posts h2{margin:0;font-size:1.3rem}
.tags{padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:.4rem}.tags li{font-size:.85rem;border:1px solid var(--rule);border-radius:99px;padding:0 .6rem}
form.subscribe{margin:2.5rem 0 1rem;padding:1.25rem;border:1px solid var(--rule);border-radius:8px}
form.subscribe label{display:block;font-weight:600;margin-bottom:.5rem}
form.subscribe input[type=email]{font:inherit;padding:.5rem;width:min(100%,20rem);border:1px solid var(--muted);border-radius:6px;background:var(--bg);color:var(--fg)}
form.subscribe button{font:inherit;padding:.5rem 1rem;border:0;border-radius:6px;background:var(--accent);color:var(--bg);cursor:pointer}
form.subscribe .hp{position:absolute;left:-10000px}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
footer.site{border-top:1px solid var(--rule);color:var(--muted);font-size:.9rem}
`.trim();

/**
 * Wraps page content in the site's shell: feed autodiscovery for all three
 * formats, canonical URL, Open Graph tags and the subscribe form.
 */
export function renderLayout(site: SiteConfig, meta: PageMeta, main: string): string {
  const e = escapeHtml;
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(meta.title)}</title>`,
    `<meta name="description" content="${e(meta.description)}">`,
    `<link rel="canonical" href="${e(meta.canonicalUrl)}">`,
    `<link rel="alternate" type="application/rss+xml" title="${e(site.title)} (RSS)" href="${e(site.url + SITE_PATHS.rss)}">`,
    `<link rel="alternate" type="application/atom+xml" title="${e(site.title)} (Atom)" href="${e(site.url + SITE_PATHS.atom)}">`,
    `<link rel="alternate" type="application/feed+json" title="${e(site.title)} (JSON Feed)" href="${e(site.url + SITE_PATHS.json)}">`,
    `<meta property="og:site_name" content="${e(site.title)}">`,
    `<meta property="og:title" content="${e(meta.title)}">`,
    `<meta property="og:description" content="${e(meta.description)}">`,
    `<meta property="og:url" content="${e(meta.canonicalUrl)}">`,
    `<meta property="og:type" content="${meta.ogType}">`,
    ...(meta.image ? [`<meta property="og:image" content="${e(meta.image)}">`, '<meta name="twitter:card" content="summary_large_image">'] : []),
    ...(meta.extraHead ?? []),
    `<style>${STYLE}</style>`,
  ];
  return `<!doctype html>
<html lang="${e(meta.lang ?? site.language)}">
<head>
${head.join('\n')}
</head>
<body>
<header class="site"><div class="wrap">
<a class="home" href="${e(site.url)}">${e(site.title)}</a>
<nav class="feeds" aria-label="Feeds"><a href="${e(site.url + SITE_PATHS.rss)}">RSS</a><a href="${e(site.url + SITE_PATHS.atom)}">Atom</a><a href="${e(site.url + SITE_PATHS.json)}">JSON Feed</a></nav>
</div></header>
<main class="wrap">
${main}
${renderSubscribeForm(site)}
</main>
<footer class="site"><div class="wrap">
<p>${e(site.title)} by ${e(site.author.name)}. Follow it in a feed reader with <a href="${e(site.url + SITE_PATHS.rss)}">${e(site.url + SITE_PATHS.rss)}</a>.</p>
</div></footer>
</body>
</html>
`;
}

// Plain HTML so it works without JavaScript; the honeypot field is for the API's bot check.
function renderSubscribeForm(site: SiteConfig): string {
  const e = escapeHtml;
  return `<form class="subscribe" method="post" action="${e(site.url)}api/subscribe">
<label for="subscribe-email">Get new articles by email</label>
<input id="subscribe-email" name="email" type="email" autocomplete="email" required placeholder="you@example.com" aria-describedby="subscribe-note">
<input class="hp" name="website" type="text" tabindex="-1" autocomplete="off" aria-hidden="true">
<button type="submit">Subscribe</button>
<p id="subscribe-note" class="meta">One email per new article. Unsubscribe with one click.</p>
</form>`;
}
