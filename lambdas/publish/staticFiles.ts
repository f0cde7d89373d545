import { posix } from 'node:path';
import type { SiteConfig } from '../config/siteConfig';
import { sizeProblem } from '../content/decodeSource';
import { ArticleError } from '../content/errors';
import { isStaticFolder, staticFileProblem } from '../content/reservedPaths';
import { isMarkdownKey } from '../content/slugFor';
import type { ContentSource, SiteStore } from './ports';

/** What static files need: the size limit, the content bucket, the site bucket and a place to report refusals. */
export interface StaticFilesDeps {
  readonly site: Pick<SiteConfig, 'maxFileBytes'>;
  readonly content: Pick<ContentSource, 'stat' | 'list'>;
  readonly output: Pick<SiteStore, 'copyFromContent' | 'remove' | 'removePrefix'>;
  readonly rejected: (error: ArticleError) => void;
}

const BUNDLE_INDEXES = ['index.md', 'index.markdown'];

/**
 * Keeps the site's static files in step with the content bucket (DESIGN.md
 * "Contracts"): a non-markdown key outside any page bundle is published at
 * the same path, changed when it changes and removed when it is deleted.
 * Like every content event, each call means "look at this key again", so
 * repeats and reordered events end in the bucket's present state.
 *
 * A key is a bundle file when a folder above it holds an `index.md` in the
 * content bucket (one HEAD per spelling and level); bundle files are the
 * article's to publish. Since uploads may put a bundle's files before its
 * index, the index's own event calls `bundleChanged`, which takes back any
 * static copies of them (and publishes them as static files again when the
 * index is deleted).
 */
export class StaticFiles {
  constructor(private readonly deps: StaticFilesDeps) {}

  /** Publishes, updates or removes the static file at `key`, or does nothing for a bundle file. */
  async apply(key: string): Promise<void> {
    if (isMarkdownKey(key) || (await this.bundleOf(key)) !== undefined) return;
    const { content, output, site, rejected } = this.deps;
    const problem = staticFileProblem(key);
    if (problem) {
      rejected(new ArticleError({ file: key, reason: problem }));
      return;
    }
    const object = await content.stat(key);
    if (object === undefined) {
      await output.remove(key);
      return;
    }
    const tooLarge = sizeProblem(object.size, site.maxFileBytes, 'one file (maxFileBytes)');
    // An earlier copy stays, as an article's last good version does.
    if (tooLarge) rejected(new ArticleError({ file: key, reason: tooLarge }));
    else await output.copyFromContent(key, key);
  }

  /** A page bundle's index at `dir` appeared, changed or went: its files stop or start being static files. */
  async bundleChanged(dir: string): Promise<void> {
    if (!isStaticFolder(dir)) return; // nothing under posts/ (or the like) was ever a static file
    if (await this.hasIndex(dir)) {
      // Under a folder of the content root, the site bucket holds nothing but static copies.
      await this.deps.output.removePrefix(`${dir}/`);
      return;
    }
    for (const file of await this.deps.content.list(`${dir}/`)) await this.apply(file.key);
  }

  private async bundleOf(key: string): Promise<string | undefined> {
    for (let dir = posix.dirname(key); dir !== '.'; dir = posix.dirname(dir)) if (await this.hasIndex(dir)) return dir;
    return undefined;
  }

  private async hasIndex(dir: string): Promise<boolean> {
    for (const name of BUNDLE_INDEXES) if ((await this.deps.content.stat(`${dir}/${name}`)) !== undefined) return true;
    return false;
  }
}
