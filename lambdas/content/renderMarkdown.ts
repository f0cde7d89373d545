import { slug as githubSlug } from 'github-slugger';
import MarkdownIt, { type StateCore, type Token } from 'markdown-it';
import anchor from 'markdown-it-anchor';
import { full as emoji } from 'markdown-it-emoji';
import footnote from 'markdown-it-footnote';
import { highlightCode } from './highlightCode';
import { linkifyPrefilter } from './linkifyPrefilter';
import { linksIn, type SourceLink } from './linksIn';
import { sanitizeHtml } from './sanitizeHtml';
import { hasRawHtml, sanitizeMarkdownHtml } from './sanitizeMarkdownHtml';
import { tableRowIndent } from './tableRowIndent';

/** Article HTML and the plain text its summary is cut from. */
export interface RenderedMarkdown {
  /** Sanitized HTML with absolute URLs. */
  readonly html: string;
  /** Plain text before `<!--more-->`, if the article has a non-empty one. */
  readonly teaser?: string;
  /** Plain text of the first paragraph that has text (not only an image), if any. */
  readonly firstParagraph?: string;
  /** Every link and image address as written, with its line in `source`. */
  readonly links: readonly SourceLink[];
  /**
   * Reference links whose label is defined nowhere (`[#1037][]`, often left by a
   * dropped Liquid loop), as written; each is shown as its plain text.
   */
  readonly unresolvedReferences: readonly string[];
}

// Raw HTML stays on because authors embed figures and tables; sanitizeHtml makes it safe.
const markdown = new MarkdownIt({ html: true, linkify: true, typographer: false, highlight: (code, language) => highlightCode(code, language) ?? '' })
  .use(linkifyPrefilter)
  .use(footnote)
  // jemoji and Hugo's enableEmoji know GitHub's names (`:tada:`, `:+1:`) and no text smileys.
  .use(emoji, { shortcuts: {} })
  .use(tableRowIndent)
  .use(anchor, { slugify: githubSlug, tabIndex: false, failOnNonUnique: false });
markdown.core.ruler.before('anchor', 'heading_id_attribute', headingIdAttribute);
markdown.core.ruler.push('unresolved_references', markUnresolvedReferences);
// kramdown names footnotes by label (`fn:note`, `fnref:note`) and Hugo by number (`fn:1`); for the usual
// `[^1]` both agree. Labels win, so links written for a Jekyll site keep working; an inline note has a number.
markdown.renderer.rules.footnote_anchor_name = (tokens, idx) => {
  const { id, label } = tokens[idx]!.meta as { id: number; label?: string };
  return `:${label !== undefined && /^[\w.-]+$/.test(label) ? label : id + 1}`;
};
const renderFootnoteRef = markdown.renderer.rules.footnote_ref!;
// A class on the link itself lets the plain-text mail drop the fragment URL a reader cannot follow.
markdown.renderer.rules.footnote_ref = (tokens, idx, options, env, self) => renderFootnoteRef(tokens, idx, options, env, self).replace('<a ', '<a class="footnote-ref" ');

const MORE = /^<!--\s*more\s*-->\s*$/;
// Hugo and kramdown both read `## Heading {#custom-id}` (classes after the id are ignored here).
const HEADING_ID = /\s*\{\s*#([\w:.-]+)(?:\s+[^}]*)?\}\s*$/;
// A full or collapsed reference link left as text because its label has no definition.
const UNRESOLVED_REFERENCE = /\[([^[\]\n]+)\]\[([^[\]\n]*)\]/g;

/**
 * Renders markdown as Hugo (Goldmark) and Jekyll (kramdown) authors expect it —
 * CommonMark, GFM tables and autolinks, footnotes, heading ids, emoji
 * shortcodes and highlighted code — to safe HTML, and reads the plain text a
 * summary needs from the same parse.
 *
 * @example
 * renderMarkdown('See [the guide](guide/).', 'https://blog.example.com/posts/a/').html;
 * // '<p>See <a href="https://blog.example.com/posts/a/guide/">the guide</a>.</p>\n'
 */
export function renderMarkdown(source: string, baseUrl: string): RenderedMarkdown {
  const env: { unresolvedReferences?: string[] } = {};
  const tokens = markdown.parse(source, env);
  const moreAt = tokens.findIndex((t) => isMoreMarker(t));
  const teaser = moreAt === -1 ? undefined : plainText(tokens.slice(0, moreAt)) || undefined;
  const rendered = markdown.renderer.render(tokens, markdown.options, env);
  const html = hasRawHtml(tokens) ? sanitizeHtml(rendered, baseUrl) : sanitizeMarkdownHtml(rendered, baseUrl);
  const firstParagraph = firstTextParagraph(tokens);
  return { html, links: linksIn(tokens), ...(teaser && { teaser }), ...(firstParagraph && { firstParagraph }), unresolvedReferences: env.unresolvedReferences ?? [] };
}

function headingIdAttribute(state: StateCore): void {
  state.tokens.forEach((token, index) => {
    if (token.type !== 'heading_open') return;
    const children = state.tokens[index + 1]?.children;
    const last = children?.at(-1);
    const match = last?.type === 'text' ? HEADING_ID.exec(last.content) : null;
    if (!last || !match) return;
    last.content = last.content.slice(0, match.index);
    token.attrSet('id', match[1]!);
  });
}

function markUnresolvedReferences(state: StateCore): void {
  const found: string[] = [];
  for (const token of state.tokens) {
    for (const child of token.children ?? []) {
      if (child.type !== 'text' || !child.content.includes('][')) continue;
      child.content = child.content.replace(UNRESOLVED_REFERENCE, (written, text: string) => {
        found.push(written);
        return text;
      });
    }
  }
  if (found.length > 0) (state.env as { unresolvedReferences?: string[] }).unresolvedReferences = found;
}

function isMoreMarker(token: Token): boolean {
  return (token.type === 'html_block' && MORE.test(token.content)) || (token.type === 'inline' && token.children?.some((c) => c.type === 'html_inline' && MORE.test(c.content)) === true);
}

// A summary should say what the article says: an opening image or heading is not it.
function firstTextParagraph(tokens: readonly Token[]): string | undefined {
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.type === 'footnote_block_open') return undefined;
    if (tokens[i]!.type !== 'paragraph_open') continue;
    const text = plainText(tokens.slice(i, i + 2));
    if (text) return text;
  }
  return undefined;
}

function plainText(tokens: readonly Token[]): string {
  const parts: string[] = [];
  tokens.forEach((token, index) => {
    if (token.type !== 'inline' || tokens[index - 1]?.type === 'heading_open') return;
    for (const child of token.children ?? []) {
      if (child.type === 'html_inline' && MORE.test(child.content)) break;
      if (child.type === 'text' || child.type === 'code_inline' || child.type === 'emoji') parts.push(child.content);
      else if (child.type === 'softbreak' || child.type === 'hardbreak') parts.push(' ');
    }
    parts.push(' ');
  });
  return parts.join('').replace(/\s+/g, ' ').trim();
}
