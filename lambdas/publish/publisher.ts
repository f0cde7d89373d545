import { posix } from 'node:path';
import type { SiteConfig } from '../config/siteConfig';
import { ArticleError } from '../content/errors';
import { missingReferenceWarning } from '../content/localReference';
import { isBundleIndex, isMarkdownKey, isSectionPage } from '../content/slugFor';
import { renderArticle, type RenderedArticle } from '../site/renderArticle';
import { renderVersionOf } from '../site/renderVersion';
import { contentEventsFrom, heraldMessage, type ContentChange, type ContentEvent, type RerenderStep } from './contentEvent';
import { ConcurrentChangeError } from './errors';
import { findDrift } from './findDrift';
import { missingReferences } from './missingReferences';
import type { ArticleStateStore, ContentSource, EntryStore, EventQueue, RebuildQueue, RebuildRequest, SiteStore } from './ports';
import type { PublishLog } from './publishLog';
import { sha256 } from './sha256';
import { claimedSlugs, type SourceRecord } from './sourceRecord';
import { StaticFiles } from './staticFiles';
import { entryPath, storedArticleOf } from './storedArticle';

/** Everything the publish function works with, handed in so tests can point it at emulators. */
export interface PublisherDeps {
  readonly site: SiteConfig;
  readonly content: ContentSource;
  readonly entries: EntryStore;
  /** The site bucket, for static files only: every other site write is the rebuild's. */
  readonly output: SiteStore;
  readonly state: ArticleStateStore;
  readonly rebuilds: RebuildQueue;
  readonly events: EventQueue;
  readonly log: PublishLog;
  readonly clock?: () => Date;
  /** How long a deleted key keeps its slug, so a move whose delete arrives first is not a removal. @default 30 s */
  readonly deleteGraceMs?: number;
}

/** One queue message: its id (for partial batch failures) and body. */
export interface QueueMessage {
  readonly id: string;
  readonly body: string;
}

// Conditional commits lost in a row before the message goes back to the queue.
const MAX_ATTEMPTS = 5;
// Keys compared per reconcile invocation, and re-rendered per re-render invocation.
const RECONCILE_PAGE = 1000;
const RERENDER_PAGE = 25;
// A commit or an announcement younger than this is probably still on its way through the rebuild queue.
const IN_FLIGHT_MS = 60_000;
// A re-render page that stopped answering (its invocation died) is taken over after this.
const RERENDER_LEASE_MS = 15 * 60_000;
const REDRIVE_CHUNK = 50;

/**
 * The publish side's per-key state machine. An event means "look at this key
 * again": the object is re-read, rendered within the budget and stored, and
 * the key's record committed with a condition on its version, so repeated,
 * reordered and concurrent deliveries converge. The record is committed only
 * after the rendering is stored, and the rebuild is asked for after the
 * commit; a delivery that finds a commit the rebuild has not applied asks
 * again, so a crash between any two steps is finished by the redelivery.
 * It never writes the public site: that is the rebuild's, one batch at a time.
 */
export class Publisher {
  private readonly clock: () => Date;
  private readonly graceMs: number;
  private readonly statics: StaticFiles;

  constructor(private readonly deps: PublisherDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.graceMs = deps.deleteGraceMs ?? 30_000;
    // Static files live at paths no article, redirect or shared file can have, so they need no single writer.
    this.statics = new StaticFiles({ ...deps, rejected: (error) => deps.log.rejected(error) });
  }

  /**
   * Applies a batch of queue messages and asks for one rebuild. Returns the
   * ids of messages to retry; a broken article is not a failure. Messages it
   * has no time left for (`remainingMs`, Lambda's) go back to the queue untried.
   *
   * @example
   * const { failed } = await publisher.publishBatch([{ id: '1', body: s3EventJson }]);
   */
  async publishBatch(messages: readonly QueueMessage[], remainingMs: () => number = () => Infinity): Promise<{ failed: string[] }> {
    const work = new RebuildWork();
    const failed: string[] = [];
    for (const message of messages) {
      if (remainingMs() < this.reserveMs()) {
        failed.push(message.id);
        continue;
      }
      try {
        for (const event of contentEventsFrom(message.body)) await this.apply(event, work, remainingMs);
      } catch (error) {
        this.deps.log.failed(message.id, error);
        failed.push(message.id);
      }
    }
    // A failure here fails the whole batch, so the commits above are asked for again on redelivery.
    const request = work.request();
    if (request) await this.deps.rebuilds.request(request);
    return { failed };
  }

  private async apply(event: ContentEvent, work: RebuildWork, remainingMs: () => number): Promise<void> {
    switch (event.kind) {
      case 'change':
        if (!isMarkdownKey(event.key)) return this.applyAsset(event, work);
        return this.applyMarkdown(event.key, work);
      case 'redrive':
        for (const key of event.keys) if (isMarkdownKey(key)) await this.applyMarkdown(key, work);
        return;
      case 'tick':
        return this.applySchedule(work, remainingMs);
      case 'reconcile':
        return this.reconcileStep(event.after, work);
      case 'rerender':
        return this.rerenderStep(event, work, remainingMs);
    }
  }

  private async applyMarkdown(key: string, work: RebuildWork): Promise<void> {
    // A bundle's index that appears or goes turns the files beside it from static files into bundle files, or back.
    if (isBundleIndex(key)) await this.statics.bundleChanged(posix.dirname(key));
    if (!isSectionPage(key)) await this.applyKey(key, work);
  }

  /** Brings one key's record in line with its object, and asks the rebuild to apply it. */
  private async applyKey(key: string, work: RebuildWork, force = false): Promise<void> {
    const version = renderVersionOf(this.deps.site);
    for (let attempt = 1; ; attempt += 1) {
      const record = await this.deps.state.source(key);
      const next = await this.nextRecord(key, record, version, force);
      if (next === undefined) {
        // Nothing new, but a crash may have come between the last commit and its rebuild request.
        if (record && !record.applied) await this.finish(record, work);
        return;
      }
      if (await this.deps.state.commitSource(next, record?.v)) {
        if (!next.applied) await this.finish(next, work);
        if (next.state === 'deleting' && record?.state !== 'deleting') {
          // The tick finishes the deletion too; this only makes it prompt.
          await this.deps.events.send([heraldMessage({ source: 'herald.redrive', keys: [key] })], Math.ceil(this.graceMs / 1000));
        }
        return;
      }
      if (attempt >= MAX_ATTEMPTS) throw new ConcurrentChangeError(key, attempt);
    }
  }

  // The record the key should have now, or undefined when it has it already.
  private async nextRecord(key: string, record: SourceRecord | undefined, version: string, force: boolean): Promise<SourceRecord | undefined> {
    const now = this.clock();
    const object = await this.deps.content.read(key);
    if (!object) return this.withdrawal(record, now);
    const hash = sha256(object.bytes);
    const base = {
      key,
      v: (record?.v ?? 0) + 1,
      hash,
      etag: object.etag,
      // What herald publish says agrees with herald build; failing that, the first upload Herald saw.
      firstSeen: object.firstSeen ?? record?.firstSeen ?? now.toISOString(),
      liveSlugs: record?.liveSlugs ?? [],
      committedAt: now.toISOString(),
    };
    const same = record !== undefined && record.hash === hash && record.renderVersion === version;
    if (same && !force && (record.state === 'ready' || record.state === 'rejected')) {
      // The same bytes: a repeated or reordered event. Only a new ETag (the same bytes re-uploaded) is news, for reconcile.
      return record.etag === object.etag ? undefined : { ...record, ...base, applied: record.applied };
    }
    if (same && !force && record.state === 'deleting' && record.entry) {
      return { ...record, ...base, state: 'ready', deleteAt: undefined, applied: false }; // back before its grace ended
    }

    let rendered: RenderedArticle;
    try {
      rendered = renderArticle({ key, bytes: object.bytes }, {
        site: this.deps.site,
        // In the bucket an undated article's date is when Herald first saw it, kept across edits.
        firstSeen: () => ({ date: new Date(base.firstSeen), source: object.firstSeen ? 'first-seen time from herald publish' : 'first-upload time' }),
      });
    } catch (error) {
      const problem = error instanceof ArticleError ? error : new ArticleError({ file: key, reason: `could not be rendered: ${String(error)}` }, { cause: error });
      this.deps.log.rejected(problem);
      // The last good version stays live; the record remembers why this one was refused.
      const keepsGood = record?.state === 'ready' || record?.state === 'deleting';
      return {
        released: [], ...record, ...base,
        state: keepsGood ? 'ready' : 'rejected', renderVersion: version, error: problem.message, deleteAt: undefined, applied: record?.applied ?? true,
      };
    }
    const { article, page, warnings, references } = rendered;
    warnings.forEach((w) => this.deps.log.warned(w));
    for (const reference of await missingReferences(article, references, this.deps.content)) this.deps.log.warned(missingReferenceWarning(key, reference));
    const entry = entryPath(key, hash, version);
    await this.deps.entries.put(entry, storedArticleOf(article, this.deps.site), page);
    const pending = record && !record.applied ? record.released : [];
    const left = record ? claimedSlugs(record) : [];
    return {
      ...base,
      state: 'ready',
      slug: article.slug,
      entry,
      renderVersion: version,
      released: [...new Set([...pending, ...left])].filter((s) => s !== article.slug),
      applied: false,
    };
  }

  // The object is gone: a live key keeps its claim for the grace period, then gives it up.
  private withdrawal(record: SourceRecord | undefined, now: Date): SourceRecord | undefined {
    if (!record || record.state === 'deleted') return undefined;
    const base = { v: record.v + 1, etag: undefined, committedAt: now.toISOString() };
    if (record.state === 'rejected') return { ...record, ...base, state: 'deleted', error: undefined };
    if (record.state === 'ready') return { ...record, ...base, state: 'deleting', deleteAt: new Date(now.getTime() + this.graceMs).toISOString() };
    if (Date.parse(record.deleteAt ?? '') > now.getTime()) return undefined;
    return {
      ...record, ...base,
      state: 'deleted', deleteAt: undefined, error: undefined,
      released: [...new Set([...(record.applied ? [] : record.released), ...claimedSlugs(record)])],
      applied: false,
    };
  }

  // After a commit: claim the slug, give up the ones left, and ask the rebuild to apply it (idempotent, so a redelivery may redo it).
  private async finish(record: SourceRecord, work: RebuildWork): Promise<void> {
    const claims = claimedSlugs(record);
    for (const slug of claims) await this.deps.state.claim(slug, record.key);
    for (const slug of record.released) await this.deps.state.unclaim(slug, record.key);
    work.add([...claims, ...record.released], `${record.key}@${record.v}`);
  }

  // A page-bundle file changed: its article's slug is rebuilt (bundle copy, enclosure length, feeds); its index.md names
  // the bundle. Any other file is a static file, published at its own path.
  private async applyAsset(change: ContentChange, work: RebuildWork): Promise<void> {
    for (let dir = posix.dirname(change.key); dir !== '.'; dir = posix.dirname(dir)) {
      for (const name of ['index.md', 'index.markdown']) {
        const owner = await this.deps.state.source(`${dir}/${name}`);
        if (!owner || owner.state === 'deleted') continue;
        work.add(claimedSlugs(owner), `asset:${change.key}@${change.sequencer}`);
        return;
      }
    }
    await this.statics.apply(change.key);
  }

  // The tick: what time has made due, and whatever a crash or a lost message left unfinished.
  private async applySchedule(work: RebuildWork, remainingMs: () => number): Promise<void> {
    const { state } = this.deps;
    const now = this.clock();
    for (const record of await state.dueWithdrawals(now)) await this.applyKey(record.key, work);
    const due = await state.dueSlugs(now);
    if (due.length > 0) work.add(due, `tick@${now.toISOString()}`);
    const inFlight = new Date(now.getTime() - IN_FLIGHT_MS);
    for (const record of await state.unapplied(inFlight)) await this.finish(record, work);
    const pending = await state.pendingAnnouncements();
    if (pending.some((a) => Date.parse(a.firstPublishedAt) < inFlight.getTime())) work.add([], `announce@${now.toISOString()}`);
    const render = await state.renderState();
    const version = renderVersionOf(this.deps.site);
    const running = render.runningUntil !== undefined && Date.parse(render.runningUntil) > now.getTime();
    if (render.version !== version && !running) await this.rerenderStep({ kind: 'rerender', all: false }, work, remainingMs);
  }

  // One page of reconcile: re-drive what differs, queue the next page, and end with a rebuild of the shared files.
  private async reconcileStep(after: string | undefined, work: RebuildWork): Promise<void> {
    const { content, state, events, log } = this.deps;
    const now = this.clock();
    const page = await findDrift(content, state, after, { pageSize: RECONCILE_PAGE, renderVersion: renderVersionOf(this.deps.site) });
    log.reconciled(page.drift);
    const redrive = page.drift.filter((d) => d.kind === 'new' || d.kind === 'changed' || d.kind === 'gone').map((d) => d.key);
    const bodies: string[] = [];
    for (let i = 0; i < redrive.length; i += REDRIVE_CHUNK) bodies.push(heraldMessage({ source: 'herald.redrive', keys: redrive.slice(i, i + REDRIVE_CHUNK) }));
    if (page.next !== undefined) bodies.push(heraldMessage({ source: 'herald.reconcile', after: page.next }));
    if (bodies.length > 0) await events.send(bodies);
    for (const { key } of page.drift.filter((d) => d.kind === 'unapplied')) {
      const record = await state.source(key);
      if (record && !record.applied) await this.finish(record, work);
    }
    if (page.next === undefined) work.add([], `reconcile@${now.toISOString()}`);
  }

  // One page of re-render: articles rendered with another version (or all, on demand), as far as time allows.
  private async rerenderStep(step: RerenderStep, work: RebuildWork, remainingMs: () => number): Promise<void> {
    const { state, events } = this.deps;
    const now = this.clock();
    const version = renderVersionOf(this.deps.site);
    const render = await state.renderState();
    await state.saveRenderState({ ...render, runningUntil: new Date(now.getTime() + RERENDER_LEASE_MS).toISOString() });
    const page = await state.sources(step.after, RERENDER_PAGE);
    let last = step.after;
    for (const record of page) {
      if (remainingMs() < this.reserveMs()) break;
      const stale = step.all || record.renderVersion !== version;
      if (stale && (record.state === 'ready' || record.state === 'rejected')) await this.applyKey(record.key, work, step.all);
      last = record.key;
    }
    if (page.length === RERENDER_PAGE || last !== page.at(-1)?.key) {
      await events.send([heraldMessage({ source: 'herald.rerender', ...(last !== undefined && { after: last }), all: step.all })]);
      return;
    }
    await state.saveRenderState({ version });
    work.add([], `rerender@${version}@${now.toISOString()}`);
  }

  // Time kept back for one more article and the batch's rebuild request.
  private reserveMs(): number {
    return 2 * this.deps.site.renderBudgetMs;
  }
}

/** The slugs one batch changed and the commits that changed them, sent as one rebuild request. */
class RebuildWork {
  private readonly slugs = new Set<string>();
  private readonly causes = new Set<string>();

  add(slugs: readonly string[], cause: string): void {
    slugs.forEach((s) => this.slugs.add(s));
    this.causes.add(cause);
  }

  request(): RebuildRequest | undefined {
    return this.causes.size === 0 ? undefined : { slugs: [...this.slugs].sort(), causes: [...this.causes].sort() };
  }
}
