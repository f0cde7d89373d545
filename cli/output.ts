/** Where a command writes: stdout for results, stderr for diagnostics. Tests pass their own. */
export interface Output {
  info(line: string): void;
  error(line: string): void;
}

/** The process's own streams. */
export const consoleOutput: Output = {
  info: (line) => process.stdout.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
};
