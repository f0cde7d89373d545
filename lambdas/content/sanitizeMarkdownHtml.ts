import type { Token } from 'markdown-it';
import { absoluteUrl, ARTICLE_ATTRIBUTES, ARTICLE_CLASSES, ARTICLE_SCHEMES, ARTICLE_TAGS, CELL_ALIGN, sanitizeHtml, URL_ATTRIBUTES } from './sanitizeHtml';

const TAGS = new Set(ARTICLE_TAGS);
const SCHEMES = new Set(ARTICLE_SCHEMES.map((scheme) => `${scheme}:`));
// The empty elements markdown-it writes; sanitize-html closes each with " />".
const VOID = new Set(['img', 'br', 'hr']);
// What markdown-it writes: tags whose attributes are all `name="value"` with the value escaped,
// comments, the entities its escaping leaves in text, highlight.js's quote entities, and nothing else.
const PIECE = /<(\/?)([a-z][a-z0-9]*)((?: [a-z-]+="[^"<>]*")*)>|<!--[^<>]*?-->|&quot;|&#x27;|[<>]|&(?!(?:amp|lt|gt);)/g;
const ATTRIBUTE = / ([a-z-]+)="([^"]*)"/g;
const ENTITY = /&(amp|lt|gt|quot);/g;
const ALIGN = 'text-align:';
const DECODED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"' };
// A comment sanitize-html drops like any other: no markup and no "--" inside.
const PLAIN_COMMENT = /^<!--(?!-?>)(?:[^<>-]|-(?!-))*-->\s*$/;

/** Met something the quick path does not handle the way sanitize-html does; the caller sanitizes in full. */
class Unusual extends Error {}

/**
 * Whether markdown-it passed raw HTML through: an `html_block` or
 * `html_inline` token other than a plain comment (`<!--more-->`).
 */
export function hasRawHtml(tokens: readonly Token[]): boolean {
  const raw = (t: Token) => (t.type === 'html_block' || t.type === 'html_inline') && !PLAIN_COMMENT.test(t.content);
  return tokens.some((token) => raw(token) || token.children?.some(raw) === true);
}

/**
 * {@link sanitizeHtml} for HTML that markdown-it rendered from markdown with
 * no raw HTML in it (see {@link hasRawHtml}): the same string, byte for
 * byte, in a fraction of the time. Such HTML is well-formed and escaped by
 * construction, so what sanitize-html would change can be changed in place:
 * comments dropped, `&quot;` and `&#x27;` in text unescaped, URLs made
 * absolute, empty elements closed with " />". Anything else (a scheme,
 * class, style or attribute sanitize-html would drop, an element it does
 * not allow) hands the whole HTML to sanitize-html.
 *
 * The build spends about a fifth of its CPU in sanitize-html without this
 * (docs/performance.md).
 */
export function sanitizeMarkdownHtml(html: string, baseUrl: string): string {
  return quickSanitize(html, baseUrl) ?? sanitizeHtml(html, baseUrl);
}

/** The quick path alone: undefined when it meets something only sanitize-html should judge. */
export function quickSanitize(html: string, baseUrl: string): string | undefined {
  try {
    return html.replace(PIECE, (piece, close: string | undefined, tag: string | undefined, attributes: string | undefined) => {
      if (piece === '&quot;') return '"';
      if (piece === '&#x27;') return "'";
      if (piece.startsWith('<!--')) return '';
      if (tag === undefined || !TAGS.has(tag)) throw new Unusual();
      if (close) return VOID.has(tag) ? '' : piece;
      const end = VOID.has(tag) ? ' />' : '>';
      if (!attributes) return end === '>' ? piece : `<${tag}${end}`;
      let opened = `<${tag}`;
      for (const [, name, written] of attributes.matchAll(ATTRIBUTE)) opened += ` ${name}="${escapeAttribute(keptValue(tag, name!, written!, baseUrl))}"`;
      return opened + end;
    });
  } catch (error) {
    if (error instanceof Unusual) return undefined;
    throw error;
  }
}

// The value sanitize-html would write for one attribute, or Unusual where it would drop or rewrite it.
function keptValue(tag: string, name: string, written: string, baseUrl: string): string {
  if (/&(?!(?:amp|lt|gt|quot);)/.test(written)) throw new Unusual();
  const value = written.includes('&') ? written.replace(ENTITY, (_, entity: string) => DECODED[entity]!) : written;
  if (name === 'class') {
    const allowed = ARTICLE_CLASSES[tag];
    if (!allowed || !/^\S+(?: \S+)*$/.test(value)) throw new Unusual();
    if (!value.split(' ').every((c) => allowed.some((a) => (typeof a === 'string' ? a === c : a.test(c))))) throw new Unusual();
    return value;
  }
  if (!ARTICLE_ATTRIBUTES[tag]?.includes(name)) throw new Unusual();
  if (URL_ATTRIBUTES[tag] === name) {
    // An empty URL too: sanitize-html makes it absolute before it judges the scheme.
    const url = absoluteUrl(value, baseUrl);
    if (url === undefined || !SCHEMES.has(url.slice(0, url.indexOf(':') + 1))) throw new Unusual();
    return url;
  }
  // sanitize-html drops an empty value (the alt text's aside) and any style but a table cell's alignment.
  if (value === '' && name !== 'alt') throw new Unusual();
  if (name === 'style' && !(value.startsWith(ALIGN) && CELL_ALIGN.test(value.slice(ALIGN.length)))) throw new Unusual();
  return value;
}

const ESCAPED: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"]/g, (c) => ESCAPED[c]!);
}
