import { closeSync, fstatSync, openSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { SiteConfig } from '../lambdas/config/siteConfig';
import type { ContentWarning } from '../lambdas/content/contentWarning';
import { sizeProblem } from '../lambdas/content/decodeSource';
import { ArticleError } from '../lambdas/content/errors';
import type { SourceFile } from '../lambdas/content/parseArticle';
import { isMarkdownKey } from '../lambdas/content/slugFor';
import { isInside } from './isInside';

/** The largest file of each kind (site settings); larger ones are refused before a byte is read. */
export type ReadLimits = Pick<SiteConfig, 'maxArticleBytes' | 'maxFileBytes'>;

/** The content folder as read. */
export interface ContentTree {
  /** Every file read, sorted by key. */
  readonly files: SourceFile[];
  /** Files that exist but were not read, each with why (too large); a sync must neither upload nor delete them. */
  readonly refused: ArticleError[];
  /** Entries passed over (symlinks that lead out of the folder or to a folder, special files), each named. */
  readonly warnings: ContentWarning[];
}

/**
 * Every file under the content root as `/`-separated keys, sorted so builds
 * never depend on directory order. Dot files (`.git`, `.DS_Store`) are not
 * content. A file's size is checked before it is read, so one huge file is
 * refused at once and the others are still read.
 *
 * Symlinks: a symlinked file whose target lies inside the content folder is
 * read as if it were there (one image shared by two bundles); a symlink that
 * leads outside the folder, to a folder, or nowhere is skipped with a warning,
 * so nothing outside `content/` is ever published by accident.
 *
 * @example
 * const { files, refused, warnings } = readContentTree('content', site);
 */
export function readContentTree(root: string, limits: ReadLimits): ContentTree {
  const files: SourceFile[] = [];
  const refused: ArticleError[] = [];
  const warnings: ContentWarning[] = [];
  const realRoot = realpathSync(root);
  const keyOf = (path: string) => relative(root, path).split(sep).join('/');

  const readFile = (path: string, key: string): void => {
    const fd = openSync(path, 'r');
    try {
      const { size } = fstatSync(fd);
      const tooLarge = isMarkdownKey(key)
        ? sizeProblem(size, limits.maxArticleBytes, 'one article (maxArticleBytes)')
        : sizeProblem(size, limits.maxFileBytes, 'one file (maxFileBytes)');
      if (tooLarge) refused.push(new ArticleError({ file: key, reason: tooLarge }));
      else files.push({ key, bytes: readFileSync(fd) });
    } finally {
      closeSync(fd);
    }
  };

  const followLink = (path: string, key: string): void => {
    let target: string;
    try {
      target = realpathSync(path);
    } catch {
      warnings.push({ file: key, message: 'skipped: a symlink whose target does not exist' });
      return;
    }
    if (!isInside(realRoot, target)) {
      warnings.push({ file: key, message: `skipped: a symlink to ${target}, outside the content folder` });
    } else if (relative(realRoot, target).split(sep).some((name) => name.startsWith('.'))) {
      warnings.push({ file: key, message: 'skipped: a symlink to a hidden file, which is not content' });
    } else if (statSync(target).isDirectory()) {
      warnings.push({ file: key, message: 'skipped: a symlink to a folder; only symlinked files are followed' });
    } else {
      readFile(target, key);
    }
  };

  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      const key = keyOf(path);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) readFile(path, key);
      else if (entry.isSymbolicLink()) followLink(path, key);
      else warnings.push({ file: key, message: 'skipped: not a regular file (a socket, pipe or device)' });
    }
  };
  walk(root);
  return {
    files: files.sort((a, b) => order(a.key, b.key)),
    refused: refused.sort((a, b) => order(a.file, b.file)),
    warnings: warnings.sort((a, b) => order(a.file, b.file)),
  };
}

function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
