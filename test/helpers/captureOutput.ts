import { main } from '../../cli/main';
import type { Output } from '../../cli/output';

/** An Output that remembers what a command printed. */
export interface CapturedOutput extends Output {
  readonly stdout: string[];
  readonly stderr: string[];
}

/** Collects a command's stdout and stderr lines instead of printing them. */
export function captureOutput(): CapturedOutput {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, info: (line) => stdout.push(line), error: (line) => stderr.push(line) };
}

/** Runs one `herald` command in process, capturing what it prints. */
export async function runHerald(...args: string[]): Promise<{ code: number; out: CapturedOutput }> {
  const out = captureOutput();
  const code = await main(args, out);
  return { code, out };
}
