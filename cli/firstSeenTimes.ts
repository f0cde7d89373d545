import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { FirstSeen } from '../lambdas/content/article';

/**
 * For undated articles: the time git first recorded the file, else its
 * modification time. Git is asked once, lazily, because most articles carry a date.
 */
export function firstSeenTimes(contentRoot: string): (key: string) => FirstSeen {
  let commits: Map<string, Date> | undefined;
  return (key) => {
    commits ??= gitAddTimes(contentRoot);
    const committed = commits.get(key);
    if (committed) return { date: committed, source: 'first git commit' };
    return { date: statSync(join(contentRoot, key)).mtime, source: 'file modification time' };
  };
}

function gitAddTimes(contentRoot: string): Map<string, Date> {
  const times = new Map<string, Date>();
  let top: string;
  let log: string;
  try {
    top = git(contentRoot, ['rev-parse', '--show-toplevel']).trim();
    log = git(contentRoot, ['log', '--diff-filter=A', '--format=%x00%cI', '--name-only', '--', '.']);
  } catch {
    return times; // not a git checkout, or git is missing: mtime it is
  }
  const root = resolve(contentRoot);
  // Newest commit first, so the last time seen for a path is its first addition.
  for (const block of log.split('\0').slice(1)) {
    const [when, ...paths] = block.trim().split('\n');
    for (const path of paths.filter(Boolean)) times.set(relative(root, join(top, path)).split('\\').join('/'), new Date(when!));
  }
  return times;
}

function git(cwd: string, args: readonly string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 });
}
