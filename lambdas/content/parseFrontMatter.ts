import matter from 'gray-matter';
// require, not import: gray-matter requires js-yaml, and a bundler resolves an
// import to the package's ES build, which would bundle js-yaml twice.
import jsYaml = require('js-yaml');
import { parse as parseToml, TomlError } from 'smol-toml';
import { ArticleError } from './errors';

/** Which front matter syntax a file used. */
export type FrontMatterFormat = 'yaml' | 'toml' | 'json' | 'none';

/** Front matter split from the body, with enough position to point at lines. */
export interface SplitSource {
  readonly format: FrontMatterFormat;
  /** The fields as written (keys as the author spelled them). */
  readonly data: Readonly<Record<string, unknown>>;
  /** The front matter text between the delimiters, for finding a field's line. */
  readonly rawFrontMatter: string;
  readonly body: string;
  /** 1-based line of the file on which the body starts. */
  readonly bodyLine: number;
}

interface Syntax {
  readonly format: Exclude<FrontMatterFormat, 'none'>;
  readonly open: string;
  readonly close: string;
  /** A line that is `close` and trailing white space, after a line break. */
  readonly closingLine: RegExp;
  readonly parse: (text: string) => unknown;
}

function syntax(format: Syntax['format'], open: string, close: string, parse: Syntax['parse']): Syntax {
  // `[^\S\n]` is the white space trimEnd() drops within a line; `$` without the m flag is the end of the text.
  return { format, open, close, closingLine: new RegExp(String.raw`\n${close.replace(/[+{}]/g, '\\$&')}[^\S\n]*(?:\n|$)`), parse };
}

// CORE_SCHEMA keeps dates as strings: js-yaml's default schema would turn
// `2023-02-30` into 2 March and drop the author's offset. parseDate does it strictly.
const YAML = syntax('yaml', '---', '---', (t) => jsYaml.load(t, { schema: jsYaml.CORE_SCHEMA }));
const TOML = syntax('toml', '+++', '+++', (t) => parseToml(t));
// Hugo's JSON front matter is a bare object; gray-matter strips the braces as delimiters.
const JSON_OBJECT = syntax('json', '{', '}', (t) => JSON.parse(`{${t}}`));
const FENCED_JSON = syntax('json', '---json', '---', (t) => JSON.parse(t));

/**
 * Splits YAML (`---`), TOML (`+++`) or JSON (`{…}` or `---json`) front matter
 * from the markdown body. The text must already be decoded with LF line endings.
 *
 * @throws ArticleError with the file line of a syntax error.
 */
export function parseFrontMatter(text: string, file: string): SplitSource {
  const syntax = syntaxOf(text);
  if (!syntax) return { format: 'none', data: {}, rawFrontMatter: '', body: text, bodyLine: 1 };
  if (!hasClosingLine(text, syntax)) {
    throw new ArticleError({ file, line: 1, reason: `front matter opened with "${syntax.open}" is never closed by a "${syntax.close}" line` });
  }
  let parsed: matter.GrayMatterFile<string>;
  try {
    // Options make gray-matter skip its cache, so what it returns is ours alone.
    parsed = matter(text, {
      language: syntax.format,
      delimiters: [syntax.open, syntax.close],
      engines: { [syntax.format]: { parse: (t: string) => syntax.parse(t) as object } },
    });
  } catch (error) {
    throw new ArticleError({ file, line: errorLine(error, syntax, text), reason: `${syntax.format.toUpperCase()} front matter: ${errorReason(error)}` }, { cause: error });
  }
  if (parsed.data === null || typeof parsed.data !== 'object' || Array.isArray(parsed.data)) {
    throw new ArticleError({ file, line: 2, reason: 'front matter must be a set of "field: value" pairs' });
  }
  const consumed = text.length - parsed.content.length;
  return {
    format: syntax.format,
    data: { ...parsed.data },
    rawFrontMatter: parsed.matter,
    body: parsed.content,
    bodyLine: countLines(text.slice(0, consumed)) + 1,
  };
}

function syntaxOf(text: string): Syntax | undefined {
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0).trimEnd();
  if (firstLine === '---json') return FENCED_JSON;
  if (firstLine === '---' || firstLine === '---yaml') return YAML;
  if (firstLine === '+++') return TOML;
  if (firstLine === '{') return JSON_OBJECT;
  return undefined;
}

// Any line after the first, without splitting a large file into lines to find out.
function hasClosingLine(text: string, syntax: Syntax): boolean {
  return syntax.closingLine.test(text);
}

function errorLine(error: unknown, syntax: Syntax, text: string): number | undefined {
  // The parsed text starts with the rest of the opening delimiter's line, so
  // its first line is the file's line 1.
  if (error instanceof jsYaml.YAMLException) return error.mark.line + 1;
  if (error instanceof TomlError) return error.line;
  const position = error instanceof SyntaxError ? /position (\d+)/.exec(error.message) : null;
  if (position && syntax === JSON_OBJECT) return countLines(text.slice(0, Number(position[1]))) + 1;
  if (position) return countLines(text.slice(0, Number(position[1]) + syntax.open.length)) + 1;
  return undefined;
}

function errorReason(error: unknown): string {
  if (error instanceof jsYaml.YAMLException) return error.reason;
  if (error instanceof Error) return error.message.split('\n')[0]!;
  return String(error);
}

function countLines(text: string): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}
