import { pathProblem } from './pathProblem';

/**
 * The files Herald writes at the site root (DESIGN.md "Site root", plus the
 * feed stylesheet). No author file may replace one, and no slug may take their name.
 */
export const RESERVED_ROOT_FILES: readonly string[] = ['feed.xml', 'atom.xml', 'feed.json', 'feed.xsl', 'index.html', '404.html', 'sitemap.xml', 'robots.txt'];

/** Root folders Herald owns: articles, tag pages, and the API that CloudFront routes away from the bucket. */
export const RESERVED_ROOT_FOLDERS: readonly string[] = ['posts', 'tags', 'api'];

/**
 * Why a static file (a non-markdown file outside any page bundle, published
 * at its own path) cannot be published, or undefined when it can. Compared
 * case-insensitively, because a case-insensitive disk (macOS, Windows) would
 * let `Feed.XML` replace `feed.xml`.
 *
 * @example
 * staticFileProblem('img/logo.png'); // undefined
 * staticFileProblem('feed.xml');     // 'would replace the site's own feed.xml'
 */
export function staticFileProblem(key: string): string | undefined {
  const unsafe = pathProblem(key);
  if (unsafe) return `cannot be published: its path ${unsafe}`;
  const [first, ...rest] = key.toLowerCase().split('/');
  if (rest.length === 0 && RESERVED_ROOT_FILES.includes(first!)) return `would replace the site's own ${first}; rename or move it`;
  if (rest.length === 0 && RESERVED_ROOT_FOLDERS.includes(first!)) return `would take the name of Herald's own "${first}/" folder; rename or move it`;
  if (rest.length > 0 && RESERVED_ROOT_FOLDERS.includes(first!)) {
    return `lies under "${first}/", which Herald keeps for its own pages; move it into an article's page bundle or another folder`;
  }
  return undefined;
}
