import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** One benchmark's figures: name → value, with the unit in the name. */
export type Figures = Readonly<Record<string, number>>;

/** Options every benchmark shares. */
export interface ReportOptions {
  readonly json: boolean;
  /** A JSON file of earlier figures to compare against. */
  readonly baseline?: string;
  /** Where to save these figures as the next baseline. */
  readonly save?: string;
}

/**
 * Prints figures as a table (or one JSON object with --json), with the change
 * against a saved baseline when one is given.
 */
export function report(title: string, figures: Figures, options: ReportOptions): void {
  const baseline = options.baseline && existsSync(options.baseline)
    ? (JSON.parse(readFileSync(options.baseline, 'utf8')) as Figures)
    : undefined;
  if (options.save) writeFileSync(options.save, `${JSON.stringify(figures, null, 2)}\n`);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(baseline ? { figures, baseline } : figures)}\n`);
    return;
  }
  const rows = Object.entries(figures).map(([name, value]) => {
    const before = baseline?.[name];
    const change = before === undefined || before === 0 ? '' : `${(((value - before) / before) * 100).toFixed(1)}%`;
    return [name, format(value), before === undefined ? '' : format(before), change];
  });
  const header = baseline ? ['metric', 'value', 'baseline', 'change'] : ['metric', 'value'];
  const table = [header, ...rows.map((r) => r.slice(0, header.length))];
  const widths = header.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  const line = (r: readonly string[]) => `| ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(' | ')} |`;
  process.stdout.write(`\n${title}\n${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${table.slice(1).map(line).join('\n')}\n`);
}

// Small fractions (costs in dollars) keep three significant digits rather than rounding to 0.
function format(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toLocaleString('en-US', Math.abs(value) < 1 ? { maximumSignificantDigits: 3 } : { maximumFractionDigits: 2 });
}
