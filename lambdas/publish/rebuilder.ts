import { posix } from 'node:path';
import type { SiteConfig } from '../config/siteConfig';
import { articlePagePath, articleUrl } from '../content/articleUrl';
import { ArticleError } from '../content/errors';
import { sizeProblem } from '../content/decodeSource';
import { bundleFileProblem } from '../content/reservedPaths';
import { isMarkdownKey, slugProblem } from '../content/slugFor';
import { compareKeys } from '../site/compareKeys';
import { renderRedirectPage } from '../site/renderRedirectPage';
import { folderUrl } from '../site/archivePaths';
import { renderSharedFiles, staleSharedFiles } from '../site/renderSharedFiles';
import { tagsOf } from '../site/tagsOf';
import { skipReason } from '../site/selectPublished';
import type { OutputFile } from '../site/buildSite';
import { isFeedPath } from '../site/sitePaths';
import type { HubPingQueue } from '../websub/ports';
import { sha256 } from './sha256';
import { MissingEntryError } from './errors';
import { PipelineCatalogue, shelvesOf } from './pipelineCatalogue';
import type { Announcer, ArticleStateStore, ContentSource, EntryStore, RebuildRequest, Shelf, SiteStore } from './ports';
import type { PublishLog } from './publishLog';
import { emptySlug, type SlugListing, type SlugRecord } from './slugRecord';
import { claimedSlugs, type SourceRecord } from './sourceRecord';
import type { StoredArticle } from './storedArticle';

/** Everything the rebuild works with. */
export interface RebuilderDeps {
  readonly site: SiteConfig;
  /** The content bucket, for page-bundle files. */
  readonly content: ContentSource;
  readonly entries: EntryStore;
  readonly output: SiteStore;
  readonly state: ArticleStateStore;
  readonly announcer: Announcer;
  readonly log: PublishLog;
  readonly clock?: () => Date;
  /** Files the site serves as they are, rewritten with the shared files (the feeds' XSLT processor). */
  readonly siteAssets?: readonly { readonly path: string; readonly body: string | Uint8Array }[];
  /** Where pings for the WebSub hub wait, when the site has one (`websubHub`). */
  readonly hubPings?: HubPingQueue;
}

// How long the rebuild reads a slug it changed consistently, past the lag of the index the listings come from.
const RECENT_MS = 60_000;

/** How a slug resolves now: its record, the claimant that owns it, and that claimant's article. */
interface Resolution {
  readonly record: SlugRecord;
  readonly owner?: SourceRecord;
  readonly stored?: StoredArticle;
  readonly others: readonly SourceRecord[];
}

/** What the rebuild found for one key: the version it saw, and where that version stands. */
interface Outcome {
  readonly v: number;
  readonly liveSlug?: string;
  readonly blockedBy?: string;
}

/**
 * The one writer of the public site. For each slug a batch names, it decides
 * which claimant owns it (the key that sorts first) and writes the page,
 * redirect or removal; then it rewrites the shared files from the stored
 * entries with the same function `herald build` uses; then it hands every
 * pending first publication to the newsletter. Only the listing months the
 * batch's articles were or are in are rewritten (with their tags' pages and
 * feeds), so one publish costs the same at any archive size; a journal saved
 * before anything changes names the months an article leaves, so a crash in
 * between never leaves one behind. The rebuild queue is FIFO
 * with one message group, so Lambda never runs two batches at once, and
 * every step is idempotent, so a crash anywhere is finished by the retry.
 */
export class Rebuilder {
  private readonly clock: () => Date;
  private readonly catalogue: PipelineCatalogue;

  constructor(private readonly deps: RebuilderDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.catalogue = new PipelineCatalogue(deps.state, deps.entries);
  }

  /**
   * Applies a batch of rebuild requests.
   *
   * @throws whatever a store throws; the batch is retried whole.
   * @example
   * await rebuilder.rebuild([{ slugs: ['hello'], causes: ['posts/hello.md@1'] }]);
   */
  async rebuild(requests: readonly RebuildRequest[]): Promise<void> {
    const { state, output, site } = this.deps;
    const now = this.clock();
    const slugs = [...new Set(requests.flatMap((r) => r.slugs))].sort(compareKeys);
    const resolutions: Resolution[] = [];
    for (const slug of slugs) resolutions.push(await this.resolve(slug));
    // Saved before anything changes: the months (and tags) the slugs are listed in now, which a change may take them out of.
    const journal = await state.journal();
    const recent = new Map([...journal.recent].filter(([, at]) => Date.parse(at) >= now.getTime() - RECENT_MS));
    for (const slug of slugs) recent.set(slug, now.toISOString());
    const pending = uniqueShelves([...journal.pending, ...resolutions.flatMap((r) => shelvesOf(r.record.listing))]);
    await state.saveJournal({ recent, pending });

    const outcomes = new Map<string, Outcome>();
    const changed: SlugRecord[] = [];
    // Slugs an article left go first: the article's new slug then writes its aliases after the old slug took its own down.
    const live = (r: Resolution) => r.stored !== undefined && skipReason(r.stored, now) === undefined;
    for (const resolution of [...resolutions.filter((r) => !live(r)), ...resolutions.filter(live)]) {
      changed.push(await this.applySlug(resolution, now, outcomes));
    }
    for (const cause of requests.flatMap((r) => r.causes)) {
      const commit = /^(.+)@(\d+)$/.exec(cause);
      if (commit && !cause.startsWith('asset:') && !outcomes.has(commit[1]!)) outcomes.set(commit[1]!, { v: Number(commit[2]) });
    }
    for (const [key, outcome] of outcomes) await state.markApplied(key, outcome.v, outcome);

    const overlay = await this.recentOverlay(changed, recent);
    const touched = uniqueShelves([...pending, ...changed.flatMap((r) => shelvesOf(r.listing))]);
    const { input, months } = await this.catalogue.shared(overlay, touched, site.feedItems);
    // The shared files are independent of one another, so they are written side by side: a batch's latency is one write's, not twenty.
    const shared = renderSharedFiles(site, input);
    await Promise.all([...shared, ...(this.deps.siteAssets ?? [])].map((file) => output.put(file.path, file.body)));
    const stale = staleSharedFiles(input);
    await Promise.all([...stale.paths.map((path) => output.remove(path)), ...stale.folders.map((folder) => output.removePrefix(folder))]);
    await this.pingHub(shared);
    await Promise.all([...months].map(([tag, list]) => state.saveMonths(tag, list)));
    if (pending.length > 0) await state.saveJournal({ recent, pending: [] });
    await this.announcePending();
  }

  // WebSub: the feeds whose bytes changed go to the ping queue (the hub itself is never waited for here).
  // The digests are saved after the ping is queued, so a crash in between pings again rather than never.
  // Only this batch's feeds are kept (the site's and the tags it touched), so the item stays small whatever the
  // number of tags; a tag touched again later may then be pinged once without a change, which a hub shrugs off.
  private async pingHub(files: readonly OutputFile[]): Promise<void> {
    const { hubPings, state, site } = this.deps;
    if (!hubPings || !site.websubHub) return;
    const digests = new Map(files.filter((f) => isFeedPath(f.path)).map((f) => [f.path, sha256(f.body)]));
    const before = await state.feedDigests();
    const changed = [...digests].filter(([path, digest]) => before.get(path) !== digest).map(([path]) => folderUrl(site.url, path));
    if (changed.length === 0) return;
    await hubPings.enqueue({ feeds: changed, attempt: 0 });
    await state.saveFeedDigests(digests);
  }

  // The owner is the first claimant, in key order, whose record still claims the slug.
  private async resolve(slug: string): Promise<Resolution> {
    const record = (await this.deps.state.slug(slug)) ?? emptySlug(slug);
    let owner: SourceRecord | undefined;
    const others: SourceRecord[] = [];
    for (const key of [...record.claimants].sort(compareKeys)) {
      const source = await this.deps.state.source(key);
      if (!source?.entry || !claimedSlugs(source).includes(slug)) continue; // left already, or never stored
      if (owner) others.push(source);
      else owner = source;
    }
    if (!owner) return { record, others };
    const found = await this.stored(owner);
    return { record, owner: found.source, stored: found.stored, others };
  }

  // A newer commit may have replaced the rendering between the reads; the record then names the new one.
  private async stored(owner: SourceRecord): Promise<{ source: SourceRecord; stored: StoredArticle }> {
    const stored = await this.deps.entries.get(owner.entry!);
    if (stored) return { source: owner, stored };
    const again = await this.deps.state.source(owner.key);
    const retried = again?.entry ? await this.deps.entries.get(again.entry) : undefined;
    if (!again || !retried) throw new MissingEntryError(owner.key, owner.entry!);
    return { source: again, stored: retried };
  }

  private async applySlug(resolution: Resolution, now: Date, outcomes: Map<string, Outcome>): Promise<SlugRecord> {
    const { record, owner, stored, others } = resolution;
    // A slug from before slugs were checked (an empty one, say) never had a folder: nothing on the site to change.
    if (slugProblem(record.slug) !== undefined) {
      for (const source of [...(owner ? [owner] : []), ...others]) outcomes.set(source.key, { v: source.v });
      return record;
    }
    for (const other of others) {
      outcomes.set(other.key, { v: other.v, blockedBy: owner!.key });
      if (other.blockedBy !== owner!.key) {
        this.deps.log.rejected(new ArticleError({ file: other.key, reason: `slug "${record.slug}" is already used by ${owner!.key}; set a different "slug" in its front matter` }));
      }
    }
    if (!owner || !stored) return this.vacate(record);
    const reason = skipReason(stored, now);
    outcomes.set(owner.key, { v: owner.v, ...(reason === undefined && { liveSlug: record.slug }) });
    if (reason === undefined) return this.publishLive(record, owner, stored, now);
    if (record.listing) await this.takeDown(record);
    const next: SlugRecord = {
      ...record, owner: owner.key, listing: undefined, aliases: [], redirectTo: undefined,
      due: reason === 'scheduled' ? { todo: 'scheduled', at: stored.visibleFrom.toISOString() } : undefined,
    };
    await this.saveSlug(record, next);
    return next;
  }

  private async publishLive(record: SlugRecord, owner: SourceRecord, stored: StoredArticle, now: Date): Promise<SlugRecord> {
    const { state, output, entries, site } = this.deps;
    const { slug } = record;
    const url = stored.url;
    const page = await entries.page(owner.entry!);
    if (page === undefined) throw new MissingEntryError(owner.key, `${owner.entry}.html`);
    await output.put(articlePagePath(slug), page);
    const imageLength = await this.syncBundle(slug, stored);
    const aliases = await this.writeAliases(record, owner, stored);

    // A slug change is an edit: the new slug inherits the first publication and feed id of the slugs the article had.
    const former = await state.slugs(owner.liveSlugs.filter((s) => s !== slug));
    let { firstPublishedAt, id } = record;
    if (firstPublishedAt === undefined) {
      const inherited = former.filter((f) => f.firstPublishedAt !== undefined).sort((a, b) => a.firstPublishedAt!.localeCompare(b.firstPublishedAt!))[0];
      if (inherited) {
        firstPublishedAt = inherited.firstPublishedAt;
        id = inherited.id ?? articleUrl(site.url, inherited.slug);
      } else {
        firstPublishedAt = now.toISOString();
        id = url;
        // Recorded before the slug is marked published, so a crash in between cannot lose it; sent after the feeds are written.
        await state.addAnnouncement({ slug, key: owner.key, url, firstPublishedAt });
      }
    }
    // Former slugs nobody took point straight here, so a chain of moves costs one redirect.
    for (const f of former.filter((f) => !f.listing && f.owner === undefined && f.claimants.length === 0)) {
      await this.writeRedirect(f.slug, slug);
      await state.saveSlug({ ...f, redirectTo: slug });
    }
    const next: SlugRecord = {
      ...record,
      owner: owner.key,
      firstPublishedAt,
      id: id ?? url,
      redirectTo: undefined,
      aliases,
      listing: listingOf(stored, owner, imageLength),
      due: stored.expires ? { todo: 'expiring', at: stored.expires.toISOString() } : undefined,
    };
    await this.saveSlug(record, next);
    this.deps.log.published(owner.key, slug);
    return next;
  }

  // A slug and its place on its tags' listings: on every tag it has now (a copy of the listing, so written again), off those it left.
  // Before the slug itself, so that a crash in between leaves the old record, from which the retry works the same out again.
  private async saveSlug(before: SlugRecord, next: SlugRecord): Promise<void> {
    const keep = next.listing ? tagsOf(next.listing).map((t) => t.slug) : [];
    for (const tag of keep) await this.deps.state.shelve(tag, next);
    for (const { slug: tag } of before.listing ? tagsOf(before.listing) : []) if (!keep.includes(tag)) await this.deps.state.unshelve(tag, before.slug);
    await this.deps.state.saveSlug(next);
  }

  // Nobody claims the slug any more: redirect to where its article went, or take it down.
  private async vacate(record: SlugRecord): Promise<SlugRecord> {
    const target = await this.redirectTarget(record);
    if (target !== undefined) {
      await this.writeRedirect(record.slug, target);
      await this.removeBundle(record.slug, new Set());
      for (const path of record.aliases) await this.deps.output.remove(path);
    } else if (record.listing || record.aliases.length > 0) {
      await this.takeDown(record);
    }
    const next: SlugRecord = { ...record, owner: undefined, listing: undefined, aliases: [], redirectTo: target, due: undefined };
    if (record.listing || record.owner !== undefined || record.redirectTo !== target || record.aliases.length > 0) await this.saveSlug(record, next);
    return next;
  }

  // The slug the last owner moved to, else where this slug already pointed; chains are followed to their end.
  private async redirectTarget(record: SlugRecord): Promise<string | undefined> {
    let target = record.redirectTo;
    if (record.owner !== undefined) {
      const last = await this.deps.state.source(record.owner);
      const moved = last ? claimedSlugs(last)[0] : undefined;
      if (moved !== undefined && moved !== record.slug) target = moved;
    }
    for (let hops = 0; target !== undefined && hops < 5; hops += 1) {
      const next = await this.deps.state.slug(target);
      if (!next?.redirectTo || next.listing) break;
      target = next.redirectTo;
    }
    return target === record.slug ? undefined : target;
  }

  private async writeRedirect(from: string, to: string): Promise<void> {
    const url = articleUrl(this.deps.site.url, to);
    await this.deps.output.put(articlePagePath(from), renderRedirectPage(this.deps.site, url), { redirectTo: new URL(url).pathname });
  }

  private async takeDown(record: SlugRecord): Promise<void> {
    await this.deps.output.removePrefix(`posts/${record.slug}/`);
    for (const path of record.aliases) await this.deps.output.remove(path);
    this.deps.log.removed(record.owner ?? record.slug, record.slug);
  }

  // Page-bundle files beside the page: copied when their ETag differs, removed when gone. Returns the featured image's size.
  private async syncBundle(slug: string, stored: StoredArticle): Promise<number | undefined> {
    const wanted = new Map<string, { key: string; size: number; etag: string }>();
    if (stored.bundleDir) {
      for (const file of await this.deps.content.list(`${stored.bundleDir}/`)) {
        if (isMarkdownKey(file.key)) continue;
        const relative = posix.relative(stored.bundleDir, file.key);
        // A bundle file that would replace the page or is over maxFileBytes is refused, as `herald build` refuses it.
        const problem = bundleFileProblem(relative, slug) ?? sizeProblem(file.size, this.deps.site.maxFileBytes, 'one file (maxFileBytes)');
        if (problem) this.deps.log.rejected(new ArticleError({ file: file.key, reason: problem }));
        else wanted.set(`posts/${slug}/${relative}`, file);
      }
    }
    const have = new Map((await this.deps.output.list(`posts/${slug}/`)).map((o) => [o.key, o.etag]));
    for (const [path, file] of wanted) if (have.get(path) !== file.etag) await this.deps.output.copyFromContent(file.key, path);
    await this.removeBundle(slug, new Set(wanted.keys()), have);
    const image = stored.image;
    const prefix = articleUrl(this.deps.site.url, slug);
    return image?.startsWith(prefix) ? wanted.get(`posts/${slug}/${decodeURI(image.slice(prefix.length))}`)?.size : undefined;
  }

  private async removeBundle(slug: string, keep: ReadonlySet<string>, listed?: ReadonlyMap<string, string>): Promise<void> {
    const have = listed ?? new Map((await this.deps.output.list(`posts/${slug}/`)).map((o) => [o.key, o.etag]));
    for (const path of have.keys()) if (path !== articlePagePath(slug) && !keep.has(path)) await this.deps.output.remove(path);
  }

  // Hugo aliases: a redirect at each path, unless another article's page lives there.
  private async writeAliases(record: SlugRecord, owner: SourceRecord, stored: StoredArticle): Promise<string[]> {
    const written: string[] = [];
    for (const path of stored.aliases ?? []) {
      const page = /^posts\/([^/]+)\/index\.html$/.exec(path)?.[1];
      if (page === record.slug) continue;
      if (page !== undefined) {
        const other = await this.deps.state.slug(page);
        if (other && (other.claimants.length > 0 || other.listing)) {
          this.deps.log.warned({ file: owner.key, message: `alias ${path} ignored: the article "${page}" is published there` });
          continue;
        }
      }
      await this.deps.output.put(path, renderRedirectPage(this.deps.site, stored.url), { redirectTo: new URL(stored.url).pathname });
      written.push(path);
    }
    for (const path of record.aliases) if (!written.includes(path)) await this.deps.output.remove(path);
    return written;
  }

  // The index behind the listings lags the writes a little; slugs changed lately are read consistently on top of it.
  private async recentOverlay(changed: readonly SlugRecord[], recent: ReadonlyMap<string, string>): Promise<Map<string, SlugRecord>> {
    const overlay = new Map(changed.map((r) => [r.slug, r]));
    for (const record of await this.deps.state.slugs([...recent.keys()].filter((s) => !overlay.has(s)))) overlay.set(record.slug, record);
    return overlay;
  }

  // Sent only now, after the pages and the feeds that carry them are written; a crash before the removal sends one again,
  // which the newsletter ignores, since it treats the slug as the idempotency key.
  private async announcePending(): Promise<void> {
    const { state, announcer, log } = this.deps;
    for (const event of await state.pendingAnnouncements()) {
      // The file may have moved since: the newsletter mails the rendering live at the slug now, from the key that owns it.
      const slug = await state.slug(event.slug);
      const entry = slug?.listing?.entry;
      await announcer.announce({ ...event, ...(slug?.owner !== undefined && { key: slug.owner }), ...(entry !== undefined && { entry }) });
      await state.removeAnnouncement(event.slug);
      log.announced(event.slug);
    }
  }
}

function listingOf(feed: StoredArticle, owner: SourceRecord, imageLength: number | undefined): SlugListing {
  return {
    title: feed.title,
    url: feed.url,
    date: feed.date.toISOString(),
    updated: feed.updated.toISOString(),
    summary: feed.summary,
    tags: feed.tags,
    categories: feed.categories,
    entry: owner.entry!,
    renderVersion: owner.renderVersion!,
    ...(feed.offsetMinutes !== undefined && { offsetMinutes: feed.offsetMinutes }),
    ...(feed.image !== undefined && { image: feed.image }),
    ...(imageLength !== undefined && { imageLength }),
  };
}

// Each listing month once, in a stable order.
function uniqueShelves(shelves: readonly Shelf[]): Shelf[] {
  const unique = new Map(shelves.map((s) => [`${s.tag}/${s.month}`, s]));
  return [...unique.keys()].sort().map((key) => unique.get(key)!);
}
