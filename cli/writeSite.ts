import { mkdirSync, readdirSync, readFileSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { OutputFile } from '../lambdas/site/buildSite';

/** What writing changed on disk. */
export interface WriteResult {
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
}

/**
 * Writes the site, touching only files whose bytes changed (so mtimes, rsync
 * and S3 sync see no change where there is none), and removes pages under
 * `posts/` that no longer belong to the site. Nothing else in `outDir` is
 * deleted, so pointing `--out` at a folder with other files is safe.
 */
export function writeSite(outDir: string, files: readonly OutputFile[]): WriteResult {
  let written = 0;
  let unchanged = 0;
  for (const file of files) {
    const path = join(outDir, file.path);
    const bytes = typeof file.body === 'string' ? Buffer.from(file.body) : file.body;
    if (sameBytes(path, bytes)) {
      unchanged++;
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    written++;
  }
  const keep = new Set(files.map((f) => f.path));
  const removed = pruneStale(join(outDir, 'posts'), 'posts', keep);
  return { written, unchanged, removed };
}

function sameBytes(path: string, bytes: Uint8Array): boolean {
  try {
    return Buffer.compare(readFileSync(path), bytes) === 0;
  } catch {
    return false;
  }
}

function pruneStale(dir: string, prefix: string, keep: ReadonlySet<string>): number {
  let removed = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const key = `${prefix}/${entry.name}`;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      removed += pruneStale(path, key, keep);
      if (readdirSync(path).length === 0) rmdirSync(path);
    } else if (!keep.has(key)) {
      rmSync(path);
      removed++;
    }
  }
  return removed;
}
