import { mkdirSync, readdirSync, realpathSync, rmSync, rmdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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

// Files in flight at once: enough to keep libuv's four file system threads busy while this thread hands out the next.
const CONCURRENCY = 16;

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
 * The writes run on libuv's thread pool, several at a time: creating and
 * writing ten thousand files is kernel work that would otherwise keep one
 * core busy while the others wait.
 *
 * @throws UnsafePathError, writing nothing, when a path breaks those rules.
 */
export async function writeSite(outDir: string, files: readonly OutputFile[]): Promise<WriteResult> {
  checkPaths(files);
  // A folder this write creates holds no earlier file to compare with and no symlink: a fresh build reads nothing back.
  const fresh = mkdirSync(outDir, { recursive: true }) !== undefined;
  const root = realpathSync(outDir);
  const dirs = new Map<string, Promise<unknown> | undefined>();
  for (const file of files) {
    const dir = dirname(join(root, file.path));
    if (dirs.has(dir)) continue;
    // A folder of the output that is a symlink would carry the write (and the mkdir) elsewhere.
    if (!fresh && !isInside(root, realPathOf(dir))) throw new UnsafePathError(file.path, `its folder leads outside ${outDir} through a symlink`);
    dirs.set(dir, undefined);
  }
  // One mkdir at a time: folders share a parent (posts/), whose lock parallel mkdirs would spin on.
  let lastFolder: Promise<unknown> = Promise.resolve();
  const folder = (dir: string): Promise<unknown> => {
    let made = dirs.get(dir);
    if (!made) dirs.set(dir, (made = lastFolder = lastFolder.then(() => mkdir(dir, { recursive: true }))));
    return made;
  };

  let written = 0;
  let unchanged = 0;
  let next = 0;
  const writeNext = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++]!;
      const path = join(root, file.path);
      if (!fresh && (await sameBytes(path, file.body))) {
        unchanged++;
        continue;
      }
      await folder(dirname(path));
      await writeFile(path, file.body);
      written++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, writeNext));
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

async function sameBytes(path: string, body: string | Uint8Array): Promise<boolean> {
  try {
    const old = await readFile(path);
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
