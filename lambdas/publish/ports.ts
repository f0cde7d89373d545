import type { MonthSummary } from '../site/archivePaths';
import type { StoredArticle } from './storedArticle';
import type { SlugRecord } from './slugRecord';
import type { SourceRecord } from './sourceRecord';

/** One object of a bucket, as a listing shows it. */
export interface ListedObject {
  readonly key: string;
  readonly size: number;
  readonly etag: string;
}

/** One object of the content bucket as read. */
export interface ContentObject {
  readonly bytes: Uint8Array;
  readonly etag: string;
  /**
   * When `herald publish` or `herald dev` says the file was first seen (its first
   * git commit, else its modification time; metadata `herald-first-seen`), ISO 8601.
   */
  readonly firstSeen?: string;
}

/** Read access to the content bucket. */
export interface ContentSource {
  /** The object's bytes and ETag, or undefined when it does not exist (any more). */
  read(key: string): Promise<ContentObject | undefined>;
  /** Objects under a prefix (`posts/a/`), for the files of a page bundle. */
  list(prefix: string): Promise<ListedObject[]>;
  /** The object's size without its bytes (one HEAD), or undefined when it does not exist. */
  stat(key: string): Promise<{ size: number } | undefined>;
  /** Up to `limit` objects of the whole bucket in key order, after `after`; `more` when the listing goes on. */
  listPage(after: string | undefined, limit: number): Promise<{ objects: ListedObject[]; more: boolean }>;
}

/** The private store of rendered articles, read by the rebuild. */
export interface EntryStore {
  put(path: string, stored: StoredArticle, page: string): Promise<void>;
  /** The stored article, or undefined when it is gone (a newer rendering replaced it). */
  get(path: string): Promise<StoredArticle | undefined>;
  page(path: string): Promise<string | undefined>;
  /**
   * The stored articles one listing's feeds carried last (`listing`: '' for
   * the site's, else a tag slug), by entry path, in one object: a cold
   * rebuild reads it instead of one object per article. Entries never
   * change under their path, so it can be old but never wrong; empty when
   * there is none.
   */
  feedCache(listing: string): Promise<Map<string, StoredArticle>>;
  saveFeedCache(listing: string, articles: ReadonlyMap<string, StoredArticle>): Promise<void>;
}

/** Write access to the site bucket: the rebuild's, and the publish function's for static files (paths no article uses). */
export interface SiteStore {
  /**
   * Writes the file unless identical bytes are already there; true when it
   * wrote. With `redirectTo`, the object answers 301 to that path where the
   * host supports it.
   */
  put(path: string, body: string | Uint8Array, options?: { redirectTo?: string }): Promise<boolean>;
  /** Copies a content object to a site path (page-bundle files). */
  copyFromContent(key: string, path: string): Promise<void>;
  list(prefix: string): Promise<ListedObject[]>;
  /** Removes one file, if it is there. */
  remove(path: string): Promise<void>;
  /** Removes every file under a prefix (`posts/a/`); returns how many. */
  removePrefix(prefix: string): Promise<number>;
}

/** The "article first published" event the newsletter consumes. */
export interface ArticlePublished {
  readonly slug: string;
  readonly url: string;
  /** Content key the article came from when it was first published. */
  readonly key: string;
  readonly firstPublishedAt: string;
  /**
   * Where the live rendering of the article is stored in the entries bucket,
   * which the newsletter mails; the rebuild adds it when it sends the
   * announcement. Absent: the slug was no longer live by then.
   */
  readonly entry?: string;
}

/** Hands first publications on to the newsletter. */
export interface Announcer {
  announce(event: ArticlePublished): Promise<void>;
}

/** Where a re-render stands. */
export interface RenderState {
  /** The render version every article was last brought to. */
  readonly version?: string;
  /** While a re-render runs: until when it counts as running (ISO). */
  readonly runningUntil?: string;
}

/** The articles table: sources, slugs, pending announcements, and the conditional writes that keep them right. */
export interface ArticleStateStore {
  source(key: string): Promise<SourceRecord | undefined>;
  /** Writes the publish function's part of the record if its version is still `readV` (undefined: no record yet); false otherwise. */
  commitSource(record: SourceRecord, readV: number | undefined): Promise<boolean>;
  /** The rebuild applied version `v`: records it, with the slug it went live under or the key that owns its slug. */
  markApplied(key: string, v: number, outcome: { liveSlug?: string; blockedBy?: string }): Promise<void>;
  /** Up to `limit` records in key order after `after` (reconcile, re-render). */
  sources(after: string | undefined, limit: number): Promise<SourceRecord[]>;
  /** Deleted keys whose grace period has ended. */
  dueWithdrawals(now: Date): Promise<SourceRecord[]>;
  /** Commits not applied by the rebuild and made before `before`. */
  unapplied(before: Date): Promise<SourceRecord[]>;

  slug(slug: string): Promise<SlugRecord | undefined>;
  /** Consistent reads of several slugs at once. */
  slugs(slugs: readonly string[]): Promise<SlugRecord[]>;
  claim(slug: string, key: string): Promise<void>;
  unclaim(slug: string, key: string): Promise<void>;
  /** Writes the rebuild's part of a slug (everything but its claimants). */
  saveSlug(record: SlugRecord): Promise<void>;
  /**
   * Live slugs on one listing, newest first: the site's, or one tag's
   * (`tag`, a tag slug); only those of one month (`YYYY-MM`) when `month` is
   * given; at most `limit`. Eventually consistent.
   */
  listed(shelf: { readonly tag?: string; readonly month?: string }, limit?: number): Promise<SlugRecord[]>;
  /** Puts a live slug on a tag's listing (with a copy of its `listing` and `id`). */
  shelve(tag: string, record: SlugRecord): Promise<void>;
  /** Takes a slug off a tag's listing, if it is there. */
  unshelve(tag: string, slug: string): Promise<void>;
  /** The months of the site's listing (key '') and of tags' (key: the tag slug), newest first; none for a listing never saved. */
  months(tags: readonly string[]): Promise<Map<string, MonthSummary[]>>;
  /** Saves the months of the site's listing (`tag` '') or a tag's. */
  saveMonths(tag: string, months: readonly MonthSummary[]): Promise<void>;
  /** Slugs whose scheduled time or expiry has come. */
  dueSlugs(now: Date): Promise<string[]>;

  /** Records a first publication to announce, unless one is recorded already. */
  addAnnouncement(event: ArticlePublished): Promise<void>;
  pendingAnnouncements(): Promise<ArticlePublished[]>;
  removeAnnouncement(slug: string): Promise<void>;

  renderState(): Promise<RenderState>;
  saveRenderState(state: RenderState): Promise<void>;
  /** The SHA-256 of each feed as last written (site path → hex), to tell a WebSub hub only of feeds that changed. */
  feedDigests(): Promise<Map<string, string>>;
  saveFeedDigests(digests: ReadonlyMap<string, string>): Promise<void>;
  /** The rebuild's journal: what it changed lately, and what a batch still has to rewrite. */
  journal(): Promise<RebuildJournal>;
  saveJournal(journal: RebuildJournal): Promise<void>;
}

/** One month of one listing: the site's (`tag` '') or a tag's. Its pages are rewritten when one of its articles changes. */
export interface Shelf {
  readonly tag: string;
  /** `YYYY-MM`. */
  readonly month: string;
}

/** What the rebuild keeps between batches, so a crash or the index's lag never leaves a listing behind. */
export interface RebuildJournal {
  /** Slugs a batch took up lately, with when (ISO): read consistently on top of the lagging index. */
  readonly recent: ReadonlyMap<string, string>;
  /** Listing months whose pages a batch must rewrite: saved before it changes anything, cleared once they are written. */
  readonly pending: readonly Shelf[];
}

/** What the rebuild is asked to do: slugs to look at, and the commits that asked (`key@v`). */
export interface RebuildRequest {
  readonly slugs: readonly string[];
  readonly causes: readonly string[];
}

/** The FIFO queue in front of the rebuild. */
export interface RebuildQueue {
  /** Queues a request; its deduplication id comes from its causes, so a repeat is dropped and a new commit never is. */
  request(request: RebuildRequest): Promise<void>;
}

/** The publish function's own queue, for work it hands itself: re-drives, the next page of a long job, a delayed recheck. */
export interface EventQueue {
  send(bodies: readonly string[], delaySeconds?: number): Promise<void>;
}
