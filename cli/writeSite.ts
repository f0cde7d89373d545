import { mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UnsafePathError } from '../lambdas/content/errors';
import { sitePathProblem } from '../lambdas/content/reservedPaths';
import type { OutputFile } from '../lambdas/site/buildSite';
import { isInside, realPathOf } from './isInside';

/** What writing changed on disk. */
export interface WriteResult {
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
}

/**
 * Writes the site, touching only files whose bytes changed (so mtimes, rsync
 * and S3 sync see no change where there is none), and removes pages under
 * Herald's own folders (articles, tags, archive months) that no longer belong to the site. Nothing else in `outDir` is
 * deleted, so pointing `--out` at a folder with other files is safe.
 *
 * Every path is checked before anything is written: nothing lands outside
 * `outDir` (not through `..`, not through a symlinked folder), no two files
 * share a path, and no copied author file replaces a page or a root file.
 *
 * One thread, synchronously: creating files is kernel work that ext4 does
 * not spread over cores (parallel writers, on libuv's pool or in workers,
 * took as long and more CPU; docs/performance.md).
 *
 * @throws UnsafePathError, writing nothing, when a path breaks those rules.
 */
export function writeSite(outDir: string, files: readonly OutputFile[]): WriteResult {
  checkPaths(files);
  // A folder this write creates holds no earlier file to compare with and no symlink: a fresh build reads nothing back.
  const fresh = mkdirSync(outDir, { recursive: true }) !== undefined;
  const root = realpathSync(outDir);
  const dirs = new Set<string>();
  for (const file of files) {
    const dir = dirname(join(root, file.path));
    if (dirs.has(dir)) continue;
    // A folder of the output that is a symlink would carry the write (and the mkdir) elsewhere.
    if (!fresh && !isInside(root, realPathOf(dir))) throw new UnsafePathError(file.path, `its folder leads outside ${outDir} through a symlink`);
    dirs.add(dir);
  }
  const made = new Set<string>();
  let written = 0;
  let unchanged = 0;
  for (const file of files) {
    const path = join(root, file.path);
    if (!fresh && sameBytes(path, file.body)) {
      unchanged++;
      continue;
    }
    const dir = dirname(path);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    writeFileSync(path, file.body);
    written++;
  }
  // A folder this write created held nothing stale; reading back its ten thousand folders took about 0.1 s.
  if (fresh) return { written, unchanged, removed: 0 };
  const keep = new Set(files.map((f) => f.path));
  const removed = PRUNED_FOLDERS.reduce((sum, folder) => sum + pruneStale(join(root, folder), folder, keep), 0);
  return { written, unchanged, removed };
}

// Herald's own folders, where a file the site no longer has is stale (an article, tag or month that went).
const PRUNED_FOLDERS = ['posts', 'tags', 'archive'];

function checkPaths(files: readonly OutputFile[]): void {
  const seen = new Set<string>();
  for (const file of files) {
    const problem = sitePathProblem(file.path, file.copyOf);
    if (problem) throw new UnsafePathError(file.path, problem);
    if (seen.has(file.path)) throw new UnsafePathError(file.path, 'two files of the site would be written there');
    seen.add(file.path);
  }
}

function sameBytes(path: string, body: string | Uint8Array): boolean {
  try {
    const old = readFileSync(path);
    return old.equals(typeof body === 'string' ? Buffer.from(body) : body);
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
