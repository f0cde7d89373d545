import { isMarkdownKey, isSectionPage } from '../content/slugFor';
import { compareKeys } from '../site/compareKeys';
import type { ArticleStateStore, ContentSource, ListedObject } from './ports';
import type { SourceRecord } from './sourceRecord';

/** How the content bucket and the articles table disagree about one key. */
export type DriftKind =
  /** An object with no record, or a record that says it was deleted: its event was lost. */
  | 'new'
  /** The object's ETag is not the one the record applied. */
  | 'changed'
  /** The record says live or rejected, the object is gone. */
  | 'gone'
  /** Committed and not applied by the rebuild yet: its rebuild message was lost (or is still on its way; asking again is harmless). */
  | 'unapplied'
  /** Rendered with an older render version; the re-render brings it up to date. */
  | 'stale';

/** One disagreement. */
export interface Drift {
  readonly kind: DriftKind;
  readonly key: string;
}

/** One page of drift, and where the next page starts. */
export interface DriftPage {
  readonly drift: readonly Drift[];
  /** The last key this page covered, when there are more. */
  readonly next?: string;
}

/**
 * Compares one page of the content bucket with the articles table. Both list
 * keys in the same (UTF-8 byte) order, so the two lists are walked side by
 * side up to the last key both have covered: each page costs one S3 listing
 * and one index query, and a whole run is linear in the size of the bucket.
 * Without a `renderVersion`, stale renderings are not looked for.
 */
export async function findDrift(
  content: ContentSource,
  state: ArticleStateStore,
  after: string | undefined,
  options: { readonly pageSize: number; readonly renderVersion?: string },
): Promise<DriftPage> {
  const [listing, records] = await Promise.all([content.listPage(after, options.pageSize), state.sources(after, options.pageSize)]);
  const objects = listing.objects.filter((o) => isMarkdownKey(o.key) && !isSectionPage(o.key));
  // Past its last key, a full page says nothing; walk only as far as both pages speak.
  const bounds = [listing.more ? listing.objects.at(-1)?.key : undefined, records.length === options.pageSize ? records.at(-1)?.key : undefined]
    .filter((k): k is string => k !== undefined);
  const bound = bounds.sort(compareKeys)[0];
  const within = (key: string) => bound === undefined || compareKeys(key, bound) <= 0;
  const byKey = new Map<string, { object?: ListedObject; record?: SourceRecord }>();
  for (const object of objects.filter((o) => within(o.key))) byKey.set(object.key, { object });
  for (const record of records.filter((r) => within(r.key))) byKey.set(record.key, { ...byKey.get(record.key), record });
  const drift: Drift[] = [];
  for (const key of [...byKey.keys()].sort(compareKeys)) {
    const kind = driftOf(byKey.get(key)!, options);
    if (kind) drift.push({ kind, key });
  }
  return { drift, ...(bound !== undefined && { next: bound }) };
}

function driftOf({ object, record }: { object?: ListedObject; record?: SourceRecord }, options: { renderVersion?: string }): DriftKind | undefined {
  if (object && (!record || record.state === 'deleted')) return 'new';
  if (!record) return undefined;
  if (object && record.etag !== object.etag) return 'changed';
  if (!object && (record.state === 'ready' || record.state === 'rejected')) return 'gone';
  if (!record.applied) return 'unapplied';
  if (record.state === 'ready' && options.renderVersion !== undefined && record.renderVersion !== options.renderVersion) return 'stale';
  return undefined;
}
