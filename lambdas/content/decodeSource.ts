import { isUtf8 } from 'node:buffer';
import type { ContentWarning } from './contentWarning';
import { ArticleError } from './errors';

/** Markdown text ready to parse: UTF-8 decoded, no BOM, LF line endings, XML-safe. */
export interface DecodedSource {
  readonly text: string;
  readonly warnings: readonly ContentWarning[];
}

// Characters XML 1.0 forbids (§2.2): feeds containing them are not well-formed.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Turns the bytes of an uploaded file into markdown text, or rejects the file
 * with the reason an author can act on.
 *
 * @throws ArticleError for an empty, binary, oversized or non-UTF-8 file.
 */
export function decodeSource(bytes: Uint8Array, file: string, maxBytes: number): DecodedSource {
  const tooLarge = sizeProblem(bytes.byteLength, maxBytes, 'one article');
  if (tooLarge) throw new ArticleError({ file, reason: tooLarge });
  if (bytes.subarray(0, 8000).includes(0)) throw new ArticleError({ file, reason: 'binary file (it contains NUL bytes), not markdown text' });
  if (!isUtf8(bytes)) {
    throw new ArticleError({ file, line: firstBadUtf8Line(bytes), reason: 'not UTF-8 text; save the file as UTF-8' });
  }
  const text = new TextDecoder('utf-8', { ignoreBOM: false })
    .decode(bytes)
    .replace(/\r\n?/g, '\n');
  if (text.trim() === '') throw new ArticleError({ file, reason: 'file is empty' });

  const warnings: ContentWarning[] = [];
  const firstInvalid = text.search(XML_INVALID);
  if (firstInvalid !== -1) {
    const count = text.match(XML_INVALID)!.length;
    warnings.push({ file, line: lineAt(text, firstInvalid), message: `removed ${count} control character(s) that feeds cannot carry` });
  }
  return { text: firstInvalid === -1 ? text : text.replace(XML_INVALID, ''), warnings };
}

/**
 * Why a file of `size` bytes is refused under a limit of `maxBytes`, or
 * undefined when it fits; a caller with only the size (from stat) asks before reading.
 *
 * @example
 * sizeProblem(5 * 1024 * 1024, 1024 * 1024, 'one article'); // 'file is 5.0 MB, over the 1.0 MB limit for one article'
 */
export function sizeProblem(size: number, maxBytes: number, what: string): string | undefined {
  return size > maxBytes ? `file is ${megabytes(size)}, over the ${megabytes(maxBytes)} limit for ${what}` : undefined;
}

function firstBadUtf8Line(bytes: Uint8Array): number {
  const lenient = new TextDecoder('utf-8').decode(bytes);
  const bad = lenient.indexOf('\uFFFD');
  return bad === -1 ? 1 : lineAt(lenient, bad);
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function megabytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
