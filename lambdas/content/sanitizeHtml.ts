import type Sanitize from 'sanitize-html';

/**
 * The elements article HTML may contain: sanitize-html's defaults (2.17;
 * a test keeps this list in step with them) and images, edits and details.
 * Written out so that reading it does not load sanitize-html.
 */
export const ARTICLE_TAGS: readonly string[] = [
  'address', 'article', 'aside', 'footer', 'header', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hgroup', 'main', 'nav', 'section',
  'blockquote', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'hr', 'li', 'menu', 'ol', 'p', 'pre', 'ul',
  'a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'data', 'dfn', 'em', 'i', 'kbd', 'mark', 'q', 'rb', 'rp', 'rt', 'rtc', 'ruby',
  's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr',
  'caption', 'col', 'colgroup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr',
  'img', 'del', 'ins', 'details', 'summary',
];

let loaded: typeof Sanitize | undefined;

// Loaded on first use (about 0.12 s of CPU with postcss and htmlparser2): most articles have no raw
// HTML and never need it (sanitizeMarkdownHtml), so a build thread that meets none never loads it.
function sanitize(): typeof Sanitize {
  return (loaded ??= require('sanitize-html') as typeof Sanitize);
}

/** The attributes each element may keep, `class` aside (see {@link ARTICLE_CLASSES}). */
export const ARTICLE_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  a: ['href', 'title', 'id'],
  img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
  // Heading and footnote ids are link targets: `#section` links and tables of contents need them.
  ...Object.fromEntries(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'sup'].map((tag) => [tag, ['id']])),
  th: ['style', 'colspan', 'rowspan'],
  td: ['style', 'colspan', 'rowspan'],
  ol: ['start'],
  blockquote: ['cite'],
  q: ['cite'],
};

/** The classes each element may keep: highlighted code's and footnotes'. */
export const ARTICLE_CLASSES: Readonly<Record<string, readonly (string | RegExp)[]>> = {
  code: [/^language-[\w+#-]+$/],
  span: [/^hl-[a-z]+$/],
  a: ['footnote-ref', 'footnote-backref'],
  sup: ['footnote-ref'],
  hr: ['footnotes-sep'],
  section: ['footnotes'],
  ol: ['footnotes-list'],
  li: ['footnote-item'],
};

/** Table cells keep their alignment, and no other style. */
export const CELL_ALIGN = /^(left|right|center)$/;

/** The attribute of each element that holds a URL: made absolute, and dropped unless its scheme is allowed. */
export const URL_ATTRIBUTES: Readonly<Record<string, string>> = { a: 'href', img: 'src', q: 'cite', blockquote: 'cite' };

/** The URL schemes article links and images may use. */
export const ARTICLE_SCHEMES: readonly string[] = ['http', 'https', 'mailto'];

/**
 * Makes rendered article HTML safe to put in a page, a feed or an email:
 * no scripts, no event handlers, no `javascript:` URLs; every link and image
 * made absolute against the article's URL, because feed readers and mail
 * clients show the HTML far away from the site.
 */
export function sanitizeHtml(html: string, baseUrl: string): string {
  return sanitize()(html, {
    allowedTags: [...ARTICLE_TAGS],
    allowedAttributes: Object.fromEntries(Object.entries(ARTICLE_ATTRIBUTES).map(([tag, names]) => [tag, [...names]])),
    allowedClasses: Object.fromEntries(Object.entries(ARTICLE_CLASSES).map(([tag, classes]) => [tag, [...classes]])),
    allowedStyles: { th: { 'text-align': [CELL_ALIGN] }, td: { 'text-align': [CELL_ALIGN] } },
    allowedSchemes: [...ARTICLE_SCHEMES],
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: false,
    transformTags: Object.fromEntries(
      Object.entries(URL_ATTRIBUTES).map(([tag, attribute]) => [tag, (tagName: string, attribs: Sanitize.Attributes) => ({
        tagName,
        attribs: absolutise(attribs, attribute, baseUrl),
      })]),
    ),
  });
}

/**
 * A URL of an article made absolute against the article's own URL, or
 * undefined when it cannot be parsed (and is better dropped than passed on
 * for a reader to trip over).
 */
export function absoluteUrl(value: string, baseUrl: string): string | undefined {
  return URL.parse(value.trim(), baseUrl)?.href;
}

function absolutise(attribs: Sanitize.Attributes, name: string, baseUrl: string): Sanitize.Attributes {
  const out = { ...attribs };
  const value = out[name];
  if (value === undefined) return out;
  const resolved = absoluteUrl(value, baseUrl);
  if (resolved) out[name] = resolved;
  else delete out[name];
  return out;
}
