/** A title lifted off the top of a body, and the body without it. */
export interface TitleLine {
  readonly title: string;
  readonly body: string;
  /** How many lines were removed from the top, to keep line numbers right. */
  readonly removedLines: number;
}

const ATX_HEADING = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)\s*$/;

/**
 * Lifts the title off a body: the first non-empty line, which is usually a
 * `# heading` (ATX or setext) but may be plain text, as in a note with no
 * front matter. With `headingOnly`, a plain first line is not a title.
 */
export function takeTitleLine(body: string, headingOnly: boolean): TitleLine | undefined {
  const lines = body.split('\n');
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first === -1) return undefined;
  const line = lines[first]!;
  const atx = ATX_HEADING.exec(line);
  const setext = !atx && SETEXT_UNDERLINE.test(lines[first + 1] ?? '');
  if (headingOnly && !atx && !setext) return undefined;
  const title = (atx ? atx[1]! : line).trim();
  if (title === '') return undefined;
  const removedLines = first + (setext ? 2 : 1);
  return { title, body: lines.slice(removedLines).join('\n'), removedLines };
}
