import { pathProblem, printable } from './pathProblem';

/**
 * The files Herald writes at the site root (DESIGN.md "Site root", with the
 * feeds' browser preview). No author file may replace one, and no slug may take their name.
 */
export const RESERVED_ROOT_FILES: readonly string[] = ['feed.xml', 'atom.xml', 'feed.json', 'feed.xsl', 'feed-preview.js', 'xslt-processor.js', 'index.html', '404.html', 'sitemap.xml', 'robots.txt'];

/** Root folders Herald owns: articles, tag pages, the archive's month pages, and the API that CloudFront routes away from the bucket. */
export const RESERVED_ROOT_FOLDERS: readonly string[] = ['posts', 'tags', 'archive', 'api'];

/**
 * Names no slug may take (DESIGN.md "Contracts"): the root files and the
 * root folders slugs were first kept from. `archive/` came later, and an
 * article called "archive" lives at `posts/archive/`, out of its way, so a
 * site that has one keeps it.
 */
export const RESERVED_SLUGS: readonly string[] = [...RESERVED_ROOT_FILES, ...RESERVED_ROOT_FOLDERS.filter((folder) => folder !== 'archive')];

/**
 * Why a static file (a non-markdown file outside any page bundle, published
 * at its own path) cannot be published, or undefined when it can. Compared
 * case-insensitively, because a case-insensitive disk (macOS, Windows) would
 * let `Feed.XML` replace `feed.xml`.
 *
 * @example
 * staticFileProblem('img/logo.png'); // undefined
 * staticFileProblem('feed.xml');     // 'a static file at /feed.xml would replace the site's own feed.xml; rename or move it'
 */
export function staticFileProblem(key: string): string | undefined {
  const problem = reservedProblem(key);
  return problem && `a static file at /${printable(key)} ${problem}`;
}

function reservedProblem(key: string): string | undefined {
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

// An article's page: the one file of its folder that only Herald writes.
const ARTICLE_PAGE = /^posts\/[^/]+\/index\.html$/i;

/**
 * Why the output layer must refuse a site write, or undefined when it may go
 * ahead. Every write must stay below the site root; a copy of an author's
 * file (`copyOf`: a page-bundle or static file) must also never land on a
 * root file, an article's page, or under `tags/` or `api/`. This is the last
 * guard, behind the checks of slugs and static files, so that even a bug
 * upstream cannot replace `feed.xml`, `index.html` or another article.
 *
 * @example
 * sitePathProblem('posts/a/index.html');                        // undefined
 * sitePathProblem('posts/a/index.html', 'posts/a/index.html');  // 'would replace an article's page'
 */
export function sitePathProblem(path: string, copyOf?: string): string | undefined {
  const unsafe = pathProblem(path);
  if (unsafe) return `the path ${unsafe}`;
  if (copyOf === undefined) return undefined;
  const segments = path.toLowerCase().split('/');
  if (segments.length === 1 && RESERVED_ROOT_FILES.includes(segments[0]!)) return `would replace the site's own ${segments[0]}`;
  if (ARTICLE_PAGE.test(path)) return "would replace an article's page";
  if (segments.length > 1 && segments[0] !== 'posts' && RESERVED_ROOT_FOLDERS.includes(segments[0]!)) return `would land under "${segments[0]}/"`;
  if (segments[0] === 'posts' && segments.length < 3) return 'would land in "posts/" outside any article\'s folder';
  return undefined;
}

/**
 * Why the output layer must refuse to remove everything under a prefix, or
 * undefined when it may: a folder of one article, tag or static folder
 * (`posts/a/`), never the whole site, all articles (`posts/`) or all tags.
 *
 * @example
 * sitePrefixProblem('posts/a/'); // undefined
 * sitePrefixProblem('posts/');   // 'would remove every article'
 */
export function sitePrefixProblem(prefix: string): string | undefined {
  if (!prefix.endsWith('/')) return 'a prefix must end with "/"';
  const unsafe = pathProblem(prefix.slice(0, -1));
  if (unsafe) return `the prefix ${unsafe}`;
  if (RESERVED_ROOT_FOLDERS.includes(prefix.slice(0, -1).toLowerCase())) return `would remove all of "${prefix}"`;
  return undefined;
}

/**
 * Why a page-bundle file (its path relative to the bundle folder) cannot be
 * published beside its article's page, or undefined when it can: it must
 * stay in the article's folder and never replace the page itself.
 *
 * @example
 * bundleFileProblem('index.html', 'a'); // 'a page-bundle file cannot replace its article's own page (posts/a/index.html); rename it'
 */
export function bundleFileProblem(relative: string, slug: string): string | undefined {
  const unsafe = pathProblem(relative);
  if (unsafe) return `cannot be published: its path ${unsafe}`;
  if (relative.toLowerCase() === 'index.html') return `a page-bundle file cannot replace its article's own page (posts/${slug}/index.html); rename it`;
  return undefined;
}

/** True when static files may live under this folder of the content root (it is not, or is not under, one of Herald's own). */
export function isStaticFolder(dir: string): boolean {
  return pathProblem(dir) === undefined && !RESERVED_ROOT_FOLDERS.includes(dir.split('/')[0]!.toLowerCase());
}
