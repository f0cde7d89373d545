/**
 * Makes text safe for one mail header: every line break (CR, LF, NEL, the
 * Unicode line and paragraph separators) becomes a space, so a title such as
 * YAML's "a\r\nb" can never end a header early or add one (RFC 5322 §2.2).
 *
 * @example
 * oneLine('Part one\r\nPart two'); // 'Part one Part two'
 */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ').trim();
}
