import type { Article } from '../content/article';
import { filesAnswering, type LocalReference } from '../content/localReference';
import { staticFileProblem } from '../content/reservedPaths';
import type { ContentSource } from './ports';

/** At most this many content keys are looked up per article, so one event's cost stays bounded. */
export const MAX_CHECKED_REFERENCES = 20;

/**
 * The references of a published article that no object of the content
 * bucket answers: static files and the article's own bundle files, one HEAD
 * each (at most {@link MAX_CHECKED_REFERENCES}). Links to other articles'
 * pages, tags and feeds are left to `herald build`, which sees every slug at
 * once; an event sees one article.
 *
 * @example
 * for (const ref of await missingReferences(article, references, content)) log.warned(missingReferenceWarning(article.key, ref));
 */
export async function missingReferences(article: Pick<Article, 'slug' | 'bundleDir'>, references: readonly LocalReference[], content: Pick<ContentSource, 'stat'>): Promise<LocalReference[]> {
  const found = new Map<string, boolean>();
  const missing: LocalReference[] = [];
  for (const reference of references) {
    const keys = contentKeysFor(reference.path, article);
    if (keys === undefined) continue;
    let answered = false;
    for (const key of keys) {
      if (!found.has(key)) {
        if (found.size >= MAX_CHECKED_REFERENCES) return missing;
        found.set(key, (await content.stat(key)) !== undefined);
      }
      answered ||= found.get(key)!;
    }
    if (!answered) missing.push(reference);
  }
  return missing;
}

// The content keys that would publish a site path, or undefined when the path is not one this event can check.
function contentKeysFor(path: string, article: Pick<Article, 'slug' | 'bundleDir'>): string[] | undefined {
  const own = `posts/${article.slug}/`;
  if (path.startsWith(own)) {
    const rest = path.slice(own.length);
    if (rest === '' || rest === 'index.html') return undefined; // the page itself
    // Only a page bundle puts files beside its page.
    return article.bundleDir === undefined ? [] : filesAnswering(rest).map((file) => `${article.bundleDir}/${file}`);
  }
  const files = filesAnswering(path).filter((file) => staticFileProblem(file) === undefined);
  return files.length > 0 ? files : undefined;
}
