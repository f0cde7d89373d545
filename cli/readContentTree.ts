import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { SourceFile } from '../lambdas/content/parseArticle';

/**
 * Every file under the content root as `/`-separated keys, sorted so builds
 * never depend on directory order. Dot files (`.git`, `.DS_Store`) are not content.
 */
export function readContentTree(root: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push({ key: relative(root, path).split(sep).join('/'), bytes: readFileSync(path) });
    }
  };
  walk(root);
  return files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
