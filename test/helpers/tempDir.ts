import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A scratch folder for one test, with a helper to lay out files in it. */
export interface TempDir {
  readonly path: string;
  write(relative: string, content: string | Uint8Array): string;
  remove(): void;
}

/** Creates a fresh temporary folder; call `remove()` in afterEach. */
export function tempDir(prefix = 'herald-test-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    write(relative, content) {
      const file = join(path, relative);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      return file;
    },
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}
