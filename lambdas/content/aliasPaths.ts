import type { ContentWarning } from './contentWarning';
import { pathProblem } from './pathProblem';
import { RESERVED_ROOT_FILES, RESERVED_ROOT_FOLDERS } from './reservedPaths';

/** The site paths an article's `aliases` redirect from, and what was refused. */
export interface AliasPaths {
  readonly paths: readonly string[];
  readonly warnings: readonly ContentWarning[];
}

/**
 * Resolves Hugo's `aliases` into site paths that will hold a redirect: an
 * alias starting with `/` is relative to the site root, any other one to
 * `posts/`, as Hugo resolves it against the section; a path without a file
 * extension is a folder (`old/` → `old/index.html`). An alias that climbs out
 * of the site (the path rules every site write follows), names a file Herald
 * writes itself or lies under `tags/` or `api/` is dropped with a warning;
 * whether it would replace another article's page is decided when the
 * redirect is written.
 *
 * @example
 * aliasPaths(['/2019/01/old-name/', 'older.html'], 'posts/new.md').paths; // ['2019/01/old-name/index.html', 'posts/older.html']
 */
export function aliasPaths(aliases: readonly string[], file: string): AliasPaths {
  const paths = new Set<string>();
  const warnings: ContentWarning[] = [];
  for (const alias of aliases) {
    const resolved = resolveAlias(alias.trim());
    if (typeof resolved === 'string') paths.add(resolved);
    else warnings.push({ file, message: `alias "${alias}" ignored: ${resolved.reason}` });
  }
  return { paths: [...paths], warnings };
}

function resolveAlias(alias: string): string | { reason: string } {
  if (alias === '' || /[?#]/.test(alias) || URL.canParse(alias)) return { reason: 'it must be a path on this site, such as /old/url/' };
  const segments: string[] = [];
  for (const raw of alias.split('/').filter((s) => s !== '')) {
    try {
      segments.push(decodeURIComponent(raw));
    } catch {
      return { reason: 'it is not a valid URL path' };
    }
  }
  if (!alias.startsWith('/')) segments.unshift('posts');
  if (segments.length === 0) return { reason: 'it is the home page' };
  const path = /\.[a-z0-9]+$/i.test(segments.at(-1)!) ? segments.join('/') : [...segments, 'index.html'].join('/');
  const unsafe = pathProblem(path);
  if (unsafe) return { reason: `its path ${unsafe}` };
  const [first, ...rest] = path.toLowerCase().split('/');
  if (rest.length === 0 && RESERVED_ROOT_FILES.includes(first!)) return { reason: `${path} is a file Herald writes itself` };
  if (first !== 'posts' && RESERVED_ROOT_FOLDERS.includes(first!)) return { reason: `it lies under "${first}/", which Herald keeps for its own pages` };
  return path;
}
