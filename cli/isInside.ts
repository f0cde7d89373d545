import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** True when `path` is `root` or lies below it; both must be absolute and already resolved. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * The real path (symlinks resolved) of a path that may not exist yet: its
 * nearest existing ancestor resolved, with the missing rest appended.
 *
 * @example
 * realPathOf('public/new'); // '/home/ada/blog/public/new', even before public/ exists
 */
export function realPathOf(path: string): string {
  let existing = resolve(path);
  const missing: string[] = [];
  while (!existsSync(existing)) {
    missing.unshift(basename(existing));
    existing = dirname(existing);
  }
  return join(realpathSync(existing), ...missing);
}
