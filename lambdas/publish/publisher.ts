import { posix } from 'node:path';
import type { SiteConfig } from '../config/siteConfig';
import type { Article } from '../content/article';
import { articlePagePath } from '../content/articleUrl';
import type { ContentWarning } from '../content/contentWarning';
import { ArticleError } from '../content/errors';
import { sizeProblem } from '../content/decodeSource';
import { missingReferenceWarning, type LocalReference } from '../content/localReference';
import { parseArticle, type ParsedArticle } from '../content/parseArticle';
import { bundleFileProblem } from '../content/reservedPaths';
import { isBundleIndex, isMarkdownKey, isSectionPage, slugProblem } from '../content/slugFor';
import { buildFeeds } from '../site/buildFeeds';
import { FEED_PREVIEW_SCRIPT } from '../site/feedPreviewScript';
import { FEED_STYLESHEET } from '../site/feedStylesheet';
import { renderIndexPage } from '../site/renderIndexPage';
import { renderNotFoundPage } from '../site/renderNotFoundPage';
import { renderPostPage } from '../site/renderPostPage';
import { skipReason } from '../site/selectPublished';
import { SITE_PATHS } from '../site/sitePaths';
import { archiveEntryOf, recordOf, type ArticleRecord } from './articleRecord';
import { contentEventsFrom, type ContentChange } from './contentEvent';
import { missingReferences } from './missingReferences';
import type { Announcer, ArticleStateStore, ContentSource, SiteStore } from './ports';
import { sha256 } from './sha256';
import { StaticFiles } from './staticFiles';

/** Where the publisher reports what happened; the handler turns it into logs and metrics. */
export interface PublishLog {
  published(key: string, slug: string): void;
  removed(key: string, slug: string): void;
  rejected(error: ArticleError): void;
  warned(warning: ContentWarning): void;
  announced(slug: string): void;
  /** A message that will be retried (and end in the dead-letter queue if it keeps failing). */
  failed(messageId: string, error: unknown): void;
}

/** Everything the publisher works with, handed in so tests can point it at emulators. */
export interface PublisherDeps {
  readonly site: SiteConfig;
  readonly content: ContentSource;
  readonly output: SiteStore;
  readonly state: ArticleStateStore;
  readonly announcer: Announcer;
  readonly log: PublishLog;
  readonly clock?: () => Date;
  /** Files the site serves as they are, rewritten with the shared outputs (the feeds' XSLT processor). */
  readonly siteAssets?: readonly { readonly path: string; readonly body: string | Uint8Array }[];
}

/** One queue message: its id (for partial batch failures) and body. */
export interface QueueMessage {
  readonly id: string;
  readonly body: string;
}

/**
 * Keeps the site bucket in step with the content bucket, one S3 event at a
 * time, without rebuilding the archive: a change costs a bounded number of
 * reads and writes (the archive index and the feed items aside).
 *
 * Events repeat and arrive out of order, so each one is treated as "look at
 * this key again": the source is re-read, and a conditional write on the S3
 * sequencer keeps an older event from overwriting a newer one.
 */
export class Publisher {
  private readonly clock: () => Date;
  private readonly statics: StaticFiles;

  constructor(private readonly deps: PublisherDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.statics = new StaticFiles({ ...deps, rejected: (error) => deps.log.rejected(error) });
  }

  /**
   * Applies a batch of queue messages and rebuilds the shared outputs once.
   * Returns the ids of messages to retry; a broken article is not a failure.
   *
   * @example
   * const { failed } = await publisher.publishBatch([{ id: '1', body: s3EventJson }]);
   */
  async publishBatch(messages: readonly QueueMessage[]): Promise<{ failed: string[] }> {
    const failed: string[] = [];
    let siteChanged = false;
    for (const message of messages) {
      try {
        for (const event of contentEventsFrom(message.body)) {
          const changed = event.kind === 'tick' ? await this.applySchedule() : await this.applyChange(event);
          siteChanged ||= changed;
        }
      } catch (error) {
        this.deps.log.failed(message.id, error);
        failed.push(message.id);
      }
    }
    if (siteChanged) await this.rebuildShared();
    await this.announcePending();
    return { failed };
  }

  /** Reconciles one content key with the site; true when the list of published articles may have changed. */
  async applyChange(change: ContentChange): Promise<boolean> {
    if (!isMarkdownKey(change.key)) return this.applyAsset(change.key);
    if (isSectionPage(change.key)) return false;
    if (isBundleIndex(change.key)) await this.statics.bundleChanged(posix.dirname(change.key));
    const { state, content } = this.deps;
    const previous = await state.get(change.key);
    if (previous && previous.sequencer > change.sequencer) return false; // an older event, already superseded
    const bytes = await content.get(change.key);
    if (bytes === undefined) return this.withdraw(previous, change.sequencer);
    const hash = sha256(bytes);
    if (previous && previous.sequencer === change.sequencer && previous.hash === hash) return false; // a repeat

    let article: Article;
    let references: readonly LocalReference[];
    try {
      ({ article, references } = this.parse(change.key, bytes, previous));
    } catch (error) {
      const problem = error instanceof ArticleError ? error : new ArticleError({ file: change.key, reason: String(error) }, { cause: error });
      this.deps.log.rejected(problem);
      // The last good version stays live; the record remembers why this one was refused.
      await state.save({ ...(previous ?? { state: 'rejected' }), key: change.key, sequencer: change.sequencer, hash, error: problem.message });
      return false;
    }
    const owner = await state.claimSlug(article.slug, change.key);
    if (owner !== change.key) {
      const problem = new ArticleError({ file: change.key, reason: `slug "${article.slug}" is already used by ${owner}; set a different "slug" in its front matter` });
      this.deps.log.rejected(problem);
      await state.save({ ...(previous ?? { state: 'rejected' }), key: change.key, sequencer: change.sequencer, hash, error: problem.message });
      return false;
    }
    const now = this.clock();
    const record = recordOf(article, skipReason(article, now) ?? 'published', change.sequencer, hash);
    if (!(await state.save(record))) return false; // a newer event got there first
    if (previous?.slug && previous.slug !== article.slug) await this.unpublish(previous);
    const changed = await this.render(article, record, previous, now);
    if (record.state === 'published') {
      for (const missing of await missingReferences(article, references, content)) this.deps.log.warned(missingReferenceWarning(article.key, missing));
    }
    return changed;
  }

  /** Publishes scheduled articles whose time has come and withdraws expired ones. */
  async applySchedule(): Promise<boolean> {
    const now = this.clock();
    let changed = false;
    for (const due of await this.deps.state.listDue(now)) changed = (await this.refreshState(due, now)) || changed;
    return changed;
  }

  /** Rewrites feeds and archive from the state table; only the newest `feedItems` sources are re-read. */
  async rebuildShared(): Promise<void> {
    const { site, state, content, output } = this.deps;
    const records = await state.listPublished();
    const newest: Article[] = [];
    const imageSizes = new Map<string, number>();
    for (const record of records.slice(0, site.feedItems)) {
      const bytes = await content.get(record.key);
      if (bytes === undefined) continue;
      try {
        const { article } = this.parse(record.key, bytes, record, false);
        newest.push(article);
        if (article.bundleDir && article.image) {
          for (const file of await content.list(`${article.bundleDir}/`)) {
            imageSizes.set(new URL(posix.relative(article.bundleDir, file.key), article.url).href, file.size);
          }
        }
      } catch {
        // The record says published, so this version parsed once; a newer broken upload is reported on its own event.
      }
    }
    const feeds = buildFeeds(site, newest, imageSizes);
    await output.put(SITE_PATHS.rss, feeds.rss);
    await output.put(SITE_PATHS.atom, feeds.atom);
    await output.put(SITE_PATHS.json, feeds.json);
    await output.put(SITE_PATHS.feedStylesheet, FEED_STYLESHEET);
    await output.put(SITE_PATHS.feedPreviewScript, FEED_PREVIEW_SCRIPT);
    for (const asset of this.deps.siteAssets ?? []) await output.put(asset.path, asset.body);
    await output.put(SITE_PATHS.index, renderIndexPage(site, records.map(archiveEntryOf)));
    await output.put(SITE_PATHS.notFound, renderNotFoundPage(site));
  }

  /** Announces first publications not yet handed on, including any a crash left behind. */
  async announcePending(): Promise<void> {
    const { state, announcer, site, log } = this.deps;
    for (const claim of await state.pendingAnnouncements()) {
      if (!claim.owner || !claim.firstPublishedAt || !(await state.claimAnnouncement(claim.slug, this.clock()))) continue;
      await announcer.announce({ slug: claim.slug, key: claim.owner, url: `${site.url}posts/${encodeURIComponent(claim.slug)}/`, firstPublishedAt: claim.firstPublishedAt });
      await state.markAnnounced(claim.slug);
      log.announced(claim.slug);
    }
  }

  // Warnings are reported when the article's own event is handled, not on every feed rebuild.
  private parse(key: string, bytes: Uint8Array, previous: ArticleRecord | undefined, reportWarnings = true): ParsedArticle {
    const now = this.clock();
    const parsed = parseArticle({ key, bytes }, {
      site: this.deps.site,
      // In the bucket an undated article's date is when Herald first saw it, kept across edits.
      firstSeen: () => ({ date: previous?.date ? new Date(previous.date) : now, source: 'first-upload time' }),
    });
    if (reportWarnings) parsed.warnings.forEach((w) => this.deps.log.warned(w));
    return parsed;
  }

  private async render(article: Article, record: ArticleRecord, previous: ArticleRecord | undefined, now: Date): Promise<boolean> {
    const { output, state, site, log } = this.deps;
    if (record.state !== 'published') {
      if (previous?.state === 'published') await output.removePrefix(`posts/${article.slug}/`);
      return previous?.state === 'published';
    }
    await output.put(articlePagePath(article.slug), renderPostPage(site, article));
    if (article.bundleDir) await this.copyBundle(article);
    await state.markFirstPublished(article.slug, now);
    log.published(article.key, article.slug);
    return true;
  }

  private async copyBundle(article: Article): Promise<void> {
    for (const file of await this.deps.content.list(`${article.bundleDir}/`)) {
      if (!isMarkdownKey(file.key)) await this.copyBundleFile(file.key, file.size, article.bundleDir!, article.slug);
    }
  }

  // A bundle file that would replace the page or is over maxFileBytes is refused, as `herald build` refuses it.
  private async copyBundleFile(key: string, size: number, bundleDir: string, slug: string): Promise<void> {
    const relative = posix.relative(bundleDir, key);
    const problem = bundleFileProblem(relative, slug) ?? sizeProblem(size, this.deps.site.maxFileBytes, 'one file (maxFileBytes)');
    if (problem) this.deps.log.rejected(new ArticleError({ file: key, reason: problem }));
    else await this.deps.output.copyFromContent(key, `posts/${slug}/${relative}`);
  }

  // A bundle file changed: copy it if its article is live (its index.md names the bundle); any other file is a static file.
  private async applyAsset(key: string): Promise<boolean> {
    for (let dir = posix.dirname(key); dir !== '.'; dir = posix.dirname(dir)) {
      const owner = (await this.deps.state.get(`${dir}/index.md`)) ?? (await this.deps.state.get(`${dir}/index.markdown`));
      if (!owner || owner.state === 'deleted') continue;
      if (owner.state !== 'published' || !owner.slug) return false;
      const object = await this.deps.content.stat(key);
      if (object) await this.copyBundleFile(key, object.size, dir, owner.slug);
      else if (bundleFileProblem(posix.relative(dir, key), owner.slug) === undefined) await this.deps.output.remove(`posts/${owner.slug}/${posix.relative(dir, key)}`);
      return false;
    }
    await this.statics.apply(key);
    return false;
  }

  private async withdraw(previous: ArticleRecord | undefined, sequencer: string): Promise<boolean> {
    if (!previous || previous.state === 'deleted') return false;
    // A tombstone, not a delete: a late "created" event for the old version must not bring it back.
    const saved = await this.deps.state.save({ key: previous.key, sequencer, hash: '', state: 'deleted' });
    if (!saved) return false;
    await this.unpublish(previous);
    return previous.state === 'published';
  }

  private async unpublish(record: ArticleRecord): Promise<void> {
    if (record.slug === undefined) return;
    // A slug from before slugs were checked (an empty one, say) has no folder to remove, but its claim must still go.
    if (slugProblem(record.slug) === undefined) await this.deps.output.removePrefix(`posts/${record.slug}/`);
    await this.deps.state.releaseSlug(record.slug, record.key);
    this.deps.log.removed(record.key, record.slug);
  }

  // The source has not changed but time has: move the record to its new state.
  private async refreshState(record: ArticleRecord, now: Date): Promise<boolean> {
    const bytes = await this.deps.content.get(record.key);
    if (!bytes) return false;
    const { article } = this.parse(record.key, bytes, record, false);
    const next = recordOf(article, skipReason(article, now) ?? 'published', record.sequencer, record.hash);
    if (next.state === record.state) return false;
    await this.deps.state.save({ ...next, sequencer: record.sequencer });
    return this.render(article, next, record, now);
  }
}
