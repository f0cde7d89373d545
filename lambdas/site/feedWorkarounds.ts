/**
 * Fixes for defects of `feed` 6.0.0, kept apart so each can go when the
 * library fixes it. Every one has a test in test/unit/site/feedWorkarounds.test.ts.
 */

// XML 1.0 §2.2 Char production: C0 controls other than TAB, LF, CR and the
// non-characters U+FFFE/U+FFFF make a document not well-formed. `feed` passes them through.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes characters that XML 1.0 cannot carry. */
export function xmlSafe(text: string): string {
  return text.replace(XML_INVALID, '');
}

/**
 * Prepares text for a CDATA section written by xml-js, which splits only the
 * first `]]>` (`String.replace` with a string). We split every later one
 * ourselves; xml-js then splits the first, and the section stays well-formed.
 */
export function guardCdata(text: string): string {
  const first = text.indexOf(']]>');
  if (first === -1) return text;
  const head = text.slice(0, first + 3);
  return head + text.slice(first + 3).replaceAll(']]>', ']]]]><![CDATA[>');
}

const IMAGE_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp',
  avif: 'image/avif', svg: 'image/svg+xml', ico: 'image/x-icon', bmp: 'image/bmp', tif: 'image/tiff', tiff: 'image/tiff',
};

/** The registered media type of an image URL, from its extension (`feed` writes `image/jpg`, `image/svg`). */
export function imageMediaType(url: string): string | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  return extension === undefined ? undefined : IMAGE_TYPES[extension];
}

/**
 * `feed` derives an Atom enclosure's type from the file extension (`image/jpg`)
 * and ignores the one given; swap in the registered type for each known enclosure.
 */
export function fixAtomEnclosureTypes(atom: string, enclosureUrls: readonly string[]): string {
  let fixed = atom;
  for (const url of enclosureUrls) {
    const href = new URL(url).toString().replace(/&/g, '&amp;');
    const written = `type="image/${new URL(url).pathname.split('.').pop()}"`;
    const right = `type="${imageMediaType(url)}"`;
    fixed = fixed.replaceAll(`rel="enclosure" href="${href}" ${written}`, `rel="enclosure" href="${href}" ${right}`);
  }
  return fixed;
}

/** Author fields as JSON Feed 1.1 (§ "authors") names them. */
export interface JsonFeedAuthor {
  readonly name: string;
  readonly url?: string;
}

interface JsonFeedDocument {
  version: string;
  author?: unknown;
  authors?: readonly JsonFeedAuthor[];
  language?: string;
  items: { id: string; author?: unknown; authors?: readonly JsonFeedAuthor[] }[];
}

/**
 * Upgrades `feed`'s JSON Feed 1 output to 1.1: the version URL, `authors`
 * arrays instead of the deprecated single `author` (JSON Feed 1.1 §"authors"),
 * and the top-level `language`.
 */
export function toJsonFeed11(
  json1: string,
  feedAuthors: readonly JsonFeedAuthor[],
  itemAuthors: ReadonlyMap<string, readonly JsonFeedAuthor[]>,
  language: string,
): string {
  const document = JSON.parse(json1) as JsonFeedDocument;
  const { author: _feedAuthor, items, ...feed } = document;
  const upgraded = {
    ...feed,
    version: 'https://jsonfeed.org/version/1.1',
    language,
    authors: feedAuthors,
    items: items.map(({ author: _itemAuthor, ...item }) => {
      const authors = itemAuthors.get(item.id);
      return authors && authors.length > 0 ? { ...item, authors } : item;
    }),
  };
  return `${JSON.stringify(upgraded, null, 2)}\n`;
}
