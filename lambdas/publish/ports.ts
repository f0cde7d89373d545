import type { ArticleRecord } from './articleRecord';

/** Read access to the content bucket. */
export interface ContentSource {
  /** The object's bytes, or undefined when it does not exist (any more). */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Objects under a prefix (`posts/a/`), for the files of a page bundle. */
  list(prefix: string): Promise<{ key: string; size: number }[]>;
  /** The object's size without its bytes (one HEAD), or undefined when it does not exist. */
  stat(key: string): Promise<{ size: number } | undefined>;
}

/** Write access to the site bucket. */
export interface SiteStore {
  /** Writes the file unless identical bytes are already there; true when it wrote. */
  put(path: string, body: string | Uint8Array): Promise<boolean>;
  /** Copies a content object to a site path (page-bundle files). */
  copyFromContent(key: string, path: string): Promise<void>;
  /** Removes one file, if it is there. */
  remove(path: string): Promise<void>;
  /** Removes every file under a prefix (`posts/a/`); returns how many. */
  removePrefix(prefix: string): Promise<number>;
}

/** Ownership and announcement state of one slug, which outlives renames of its file. */
export interface SlugClaim {
  readonly slug: string;
  readonly owner?: string;
  readonly firstPublishedAt?: string;
}

/** The publish function's memory, with the conditional writes that keep it right under retries and races. */
export interface ArticleStateStore {
  get(key: string): Promise<ArticleRecord | undefined>;
  /**
   * Stores the record unless one with a newer sequencer is there, or one with
   * the same sequencer, hash and state (a repeat). False when it did not store.
   */
  save(record: ArticleRecord): Promise<boolean>;
  /** Claims the slug for the key; returns the key that owns it afterwards. */
  claimSlug(slug: string, key: string): Promise<string>;
  /** Gives the slug up if the key still owns it. */
  releaseSlug(slug: string, key: string): Promise<void>;
  /**
   * Records the slug's first publication once; true only for the call that did,
   * which must then announce it. The claim stays marked until `markAnnounced`.
   */
  markFirstPublished(slug: string, at: Date): Promise<boolean>;
  /**
   * Takes the right to announce the slug for a lease period; false when it is
   * already announced or another invocation holds the lease. A crash before
   * `markAnnounced` lets the lease run out, so the announcement is retried, not lost.
   */
  claimAnnouncement(slug: string, now: Date): Promise<boolean>;
  markAnnounced(slug: string): Promise<void>;
  /** Slugs first published but not yet announced (a crash came between). */
  pendingAnnouncements(): Promise<SlugClaim[]>;
  /** Published records, newest first; all of them without a limit. */
  listPublished(limit?: number): Promise<ArticleRecord[]>;
  /** Scheduled records whose time has come and published ones that have expired. */
  listDue(now: Date): Promise<ArticleRecord[]>;
}

/** The "article first published" event the newsletter consumes. */
export interface ArticlePublished {
  readonly slug: string;
  readonly url: string;
  /** Content key the article came from when it was first published. */
  readonly key: string;
  readonly firstPublishedAt: string;
}

/** Hands first publications on to the newsletter. */
export interface Announcer {
  announce(event: ArticlePublished): Promise<void>;
}
