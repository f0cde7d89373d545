import MarkdownIt, { type Token } from 'markdown-it';
import { linksIn, type SourceLink } from './linksIn';
import { sanitizeHtml } from './sanitizeHtml';

/** Article HTML and the plain text its summary is cut from. */
export interface RenderedMarkdown {
  /** Sanitized HTML with absolute URLs. */
  readonly html: string;
  /** Plain text before `<!--more-->`, if the article has a non-empty one. */
  readonly teaser?: string;
  /** Plain text of the first paragraph, if any. */
  readonly firstParagraph?: string;
  /** Every link and image address as written, with its line in `source`. */
  readonly links: readonly SourceLink[];
}

// Raw HTML stays on because authors embed figures and tables; sanitizeHtml makes it safe.
const markdown = new MarkdownIt({ html: true, linkify: true, typographer: false });
const MORE = /^<!--\s*more\s*-->\s*$/;

/**
 * Renders CommonMark + GFM tables/autolinks to safe HTML, and reads the plain
 * text a summary needs from the same parse.
 *
 * @example
 * renderMarkdown('See [the guide](guide/).', 'https://blog.example.com/posts/a/').html;
 * // '<p>See <a href="https://blog.example.com/posts/a/guide/">the guide</a>.</p>\n'
 */
export function renderMarkdown(source: string, baseUrl: string): RenderedMarkdown {
  const tokens = markdown.parse(source, {});
  const moreAt = tokens.findIndex((t) => isMoreMarker(t));
  const teaser = moreAt === -1 ? undefined : plainText(tokens.slice(0, moreAt)) || undefined;
  const paragraph = tokens.findIndex((t) => t.type === 'paragraph_open');
  const firstParagraph = paragraph === -1 ? undefined : plainText(tokens.slice(paragraph, paragraph + 2)) || undefined;
  const html = sanitizeHtml(markdown.renderer.render(tokens, markdown.options, {}), baseUrl);
  return { html, links: linksIn(tokens), ...(teaser && { teaser }), ...(firstParagraph && { firstParagraph }) };
}

function isMoreMarker(token: Token): boolean {
  return (token.type === 'html_block' && MORE.test(token.content)) || (token.type === 'inline' && token.children?.some((c) => c.type === 'html_inline' && MORE.test(c.content)) === true);
}

function plainText(tokens: readonly Token[]): string {
  const parts: string[] = [];
  for (const token of tokens) {
    if (token.type !== 'inline') continue;
    for (const child of token.children ?? []) {
      if (child.type === 'html_inline' && MORE.test(child.content)) break;
      if (child.type === 'text' || child.type === 'code_inline') parts.push(child.content);
      else if (child.type === 'softbreak' || child.type === 'hardbreak') parts.push(' ');
    }
    parts.push(' ');
  }
  return parts.join('').replace(/\s+/g, ' ').trim();
}
