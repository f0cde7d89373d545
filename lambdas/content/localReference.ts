import type { ContentWarning } from './contentWarning';

/** A link, image or featured image of an article that points into the site itself. */
export interface LocalReference {
  /** Path relative to the site root, percent-decoded, without query or fragment (`img/x.png`, `posts/a/`). */
  readonly path: string;
  /** The address as the author wrote it. */
  readonly written: string;
  /** 1-based line in the source file, when known. */
  readonly line?: number;
  /** The front matter field it came from, if any. */
  readonly field?: string;
}

/**
 * The reference an address makes into the site, or undefined when it points
 * elsewhere (another host, `mailto:`, an unparsable address).
 *
 * @example
 * localReference('../../img/x.png', 'https://b.example/posts/a/', 'https://b.example/'); // { path: 'img/x.png', … }
 */
export function localReference(written: string, baseUrl: string, siteUrl: string, where: { line?: number; field?: string } = {}): LocalReference | undefined {
  const resolved = URL.parse(written.trim(), baseUrl);
  const site = new URL(siteUrl);
  if (!resolved || resolved.origin !== site.origin || !resolved.pathname.startsWith(site.pathname)) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(resolved.pathname.slice(site.pathname.length));
  } catch {
    return undefined; // a malformed escape cannot name a file; the link is the author's to see
  }
  return { path, written, ...where };
}

/**
 * The site files that would answer a reference, as the site serves them:
 * a folder URL is its `index.html`, and a last segment without a dot may be a folder too.
 */
export function filesAnswering(path: string): string[] {
  if (path === '' || path.endsWith('/')) return [`${path}index.html`];
  return path.split('/').pop()!.includes('.') ? [path] : [path, `${path}/index.html`];
}

/** The warning for a reference that no content file answers. */
export function missingReferenceWarning(file: string, reference: LocalReference): ContentWarning {
  const what = reference.field === undefined ? 'links to' : `field "${reference.field}" names`;
  return { file, ...(reference.line !== undefined && { line: reference.line }), message: `${what} ${reference.written}, but the site has no /${reference.path}` };
}
