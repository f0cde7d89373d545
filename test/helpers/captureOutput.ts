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
