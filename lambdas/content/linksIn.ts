import type { Token } from 'markdown-it';

/** A link or image address as the author wrote it, and the line it is on. */
export interface SourceLink {
  readonly href: string;
  /** 1-based line in the markdown that was parsed. */
  readonly line: number;
}

// Raw HTML (and what shortcodes expand to) carries addresses in src and href attributes.
const HTML_ADDRESS = /\b(?:src|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;

/**
 * Every link and image address in parsed markdown: markdown links, images,
 * autolinks and the `src`/`href` attributes of raw HTML, each with its line,
 * so a missing file can be reported where the author wrote it.
 *
 * @example
 * linksIn(markdown.parse('Text\n\n![x](/img/x.png)', {})); // [{ href: '/img/x.png', line: 3 }]
 */
export function linksIn(tokens: readonly Token[]): SourceLink[] {
  const links: SourceLink[] = [];
  for (const token of tokens) {
    let line = (token.map?.[0] ?? 0) + 1;
    if (token.type === 'html_block') links.push(...htmlLinks(token.content, line));
    for (const child of token.children ?? []) {
      if (child.type === 'softbreak' || child.type === 'hardbreak') line++;
      else if (child.type === 'link_open' || child.type === 'image') {
        const href = child.attrGet(child.type === 'image' ? 'src' : 'href');
        if (href) links.push({ href: String(href), line });
      } else if (child.type === 'html_inline') links.push(...htmlLinks(child.content, line));
    }
  }
  return links;
}

function htmlLinks(html: string, firstLine: number): SourceLink[] {
  return [...html.matchAll(HTML_ADDRESS)].map((match) => ({
    href: match[1] ?? match[2] ?? match[3] ?? '',
    line: firstLine + (html.slice(0, match.index).match(/\n/g)?.length ?? 0),
  }));
}
