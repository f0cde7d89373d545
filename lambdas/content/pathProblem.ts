// C0 and C1 control characters and DEL: invisible, and some (NUL, CR, LF) cut a key or a header short.
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
// UTF-16 halves without their partner cannot be encoded as UTF-8, which S3 keys and URLs are.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** S3's limit on a key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

/**
 * Why one path segment (a folder or file name) is unsafe to write, or
 * undefined when it is safe: never empty, never only dots (`.` and `..` name
 * this folder and its parent), no separator, no control character, valid Unicode.
 *
 * @example
 * segmentProblem('..'); // 'is only dots, which names a folder above it'
 */
export function segmentProblem(segment: string): string | undefined {
  if (segment === '') return 'is empty';
  if (/^\.+$/.test(segment)) return 'is only dots, which names a folder above it';
  if (segment.includes('/')) return 'contains "/": it must be one path segment';
  if (segment.includes('\\')) return 'contains "\\", a path separator on Windows';
  if (CONTROL.test(segment)) return 'contains a control character';
  if (LONE_SURROGATE.test(segment)) return 'is not valid Unicode';
  return undefined;
}

/**
 * Why a `/`-separated relative path cannot be written under a root, or
 * undefined when every segment is safe and the path stays below the root.
 *
 * @example
 * pathProblem('posts/../feed.xml'); // 'segment ".." is only dots, which names a folder above it'
 */
export function pathProblem(path: string): string | undefined {
  if (path === '') return 'is empty';
  if (path.startsWith('/')) return 'starts with "/": it must be relative';
  if (Buffer.byteLength(path) > MAX_KEY_BYTES) return `is longer than ${MAX_KEY_BYTES} bytes, the most an S3 key can have`;
  for (const segment of path.split('/')) {
    const problem = segmentProblem(segment);
    if (problem) return `segment "${printable(segment)}" ${problem}`;
  }
  return undefined;
}

/** The text with control characters shown as `\uXXXX`, so a message never carries them. */
export function printable(text: string): string {
  return text.replace(new RegExp(CONTROL.source, 'g'), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
