import type { MarkdownIt } from 'markdown-it';

// What every link linkify-it (6) finds contains, with its default schemes and top-level domains:
// ":" or "//" (a scheme), "@" (an email) or, should fuzzy links ever be turned on, a dot right
// before a top-level domain or an IP address's next number.
const MAY_LINK = /[:@]|\/\/|\.\S/;

/**
 * A markdown-it plugin that spares linkify-it's scans of text that cannot
 * hold a link. markdown-it asks linkify-it to test each paragraph and then
 * each text in it, and every test runs regular expressions built around
 * Unicode punctuation classes over the whole text: about a tenth of parsing
 * an article. Most prose has no ":", "@", "//" or a dot followed by a
 * letter, and is now passed over with one cheap test. What is linked does
 * not change.
 */
export function linkifyPrefilter(md: MarkdownIt): void {
  const { linkify } = md;
  const test = linkify.test.bind(linkify);
  linkify.test = (text: string) => MAY_LINK.test(text) && test(text);
}
