import type { MarkdownIt, StateBlock } from 'markdown-it';

const DELIMITER_ROW = /^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$/;

/**
 * Lets table rows be indented deeper than their header, as Hugo (Goldmark)
 * allows: there the rows of a table are lines of one paragraph, whose
 * indentation does not matter. markdown-it ends the table at a row indented
 * four spaces past the header and turns the rest into a code block.
 *
 * The rule runs just before markdown-it's own table rule, lowers the recorded
 * indentation of the table's rows to the header's, and leaves the parsing to it.
 */
export function tableRowIndent(md: MarkdownIt): void {
  md.block.ruler.before('table', 'table_row_indent', alignRows, { alt: ['paragraph', 'reference'] });
}

function alignRows(state: StateBlock, startLine: number, endLine: number): boolean {
  const indent = state.sCount[startLine]!;
  if (indent - state.blkIndent >= 4 || !lineText(state, startLine).includes('|')) return false;
  const delimiter = startLine + 1;
  if (delimiter >= endLine || state.sCount[delimiter]! < state.blkIndent || !DELIMITER_ROW.test(lineText(state, delimiter))) return false;
  for (let line = delimiter; line < endLine; line++) {
    const text = lineText(state, line);
    if (!text.includes('|') || state.sCount[line]! < state.blkIndent) break;
    if (state.sCount[line]! - state.blkIndent >= 4) state.sCount[line] = indent;
  }
  return false;
}

function lineText(state: StateBlock, line: number): string {
  return state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]).trim();
}
