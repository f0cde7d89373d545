/** Where one source key stands. */
export type SourceState =
  /** A good version is stored and claims its slug (it may carry the error of a later, broken upload). */
  | 'ready'
  /** Never parsed: it claims nothing. */
  | 'rejected'
  /** The object is gone, but the key keeps its claim for a grace period, so a move whose delete arrives first is not a removal. */
  | 'deleting'
  /** Gone, and its slug released. */
  | 'deleted';

/**
 * What the publish function knows about one key of the content bucket. The
 * publish function writes it with a condition on `v` (so two deliveries for
 * one key cannot both win); the rebuild adds what it applied.
 */
export interface SourceRecord {
  readonly key: string;
  /** Grows by one with every commit; a commit names the `v` it read. */
  readonly v: number;
  readonly state: SourceState;
  /** SHA-256 of the bytes last read. */
  readonly hash?: string;
  /** The object's ETag then; reconcile compares the bucket listing with it. */
  readonly etag?: string;
  /** Slug of the last good version. */
  readonly slug?: string;
  /** Where the last good version is stored, rendered (see `entryPath`). */
  readonly entry?: string;
  /** Render version of the last attempt to render it. */
  readonly renderVersion?: string;
  /** Why the last version was rejected; the previous good version stays live. */
  readonly error?: string;
  /** When Herald first saw the key (ISO): the date of an article that has none. */
  readonly firstSeen?: string;
  /** Slugs the key left, to be given up before the rebuild runs. */
  readonly released: readonly string[];
  /** Slugs the article has been live under (the rebuild adds them): a slug change inherits from these. */
  readonly liveSlugs: readonly string[];
  /** False from a commit until the rebuild has applied it. */
  readonly applied: boolean;
  /** When this version was committed (ISO). */
  readonly committedAt: string;
  /** While `deleting`: when the claim ends (ISO). */
  readonly deleteAt?: string;
  /** The key that owns the slug this one claims, when that is another (the rebuild records it). */
  readonly blockedBy?: string;
}

/** The slugs a record claims in its state: its own, unless it never parsed or is gone. */
export function claimedSlugs(record: SourceRecord): string[] {
  return (record.state === 'ready' || record.state === 'deleting') && record.slug !== undefined ? [record.slug] : [];
}
