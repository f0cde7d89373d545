import type { Article } from '../content/article';
import type { ListedArticle, SharedInput } from '../site/renderSharedFiles';
import { newestFirst } from '../site/selectPublished';
import type { ArticleStateStore, EntryStore } from './ports';
import type { SlugListing, SlugRecord } from './slugRecord';

// Stored articles never change (their path names their content), so a warm rebuild keeps the ones it read.
const CACHE_LIMIT = 500;

/**
 * What the shared files are made from in the pipeline: live slugs from the
 * articles table's `published` index, overlaid with the slugs the rebuild
 * changed lately (read consistently, since the index lags), and the newest
 * stored articles for the feeds. Only the newest `feedItems` are read, and a
 * warm function reads none it read before, so a rebuild costs the same
 * whatever the other articles hold.
 */
export class PipelineCatalogue {
  private readonly cache = new Map<string, Article>();

  constructor(private readonly state: ArticleStateStore, private readonly entries: EntryStore) {}

  /**
   * The shared files' input as of now: the index with `overlay` (slug → its current record) on top.
   *
   * @param feedItems how many of the newest articles the feeds carry.
   */
  async shared(overlay: ReadonlyMap<string, SlugRecord>, feedItems: number): Promise<SharedInput> {
    const newest = await this.newest(feedItems, overlay);
    const imageSizes = new Map(newest.flatMap(({ article, listing }) => (article.image !== undefined && listing.imageLength !== undefined ? [[article.image, listing.imageLength] as const] : [])));
    return {
      newest: newest.map((n) => n.article),
      imageSizes,
      listed: merge(await this.state.published(), overlay).map(listedOf),
    };
  }

  private async newest(limit: number, overlay: ReadonlyMap<string, SlugRecord>): Promise<{ article: Article; listing: SlugListing }[]> {
    // The index sorts equal dates by slug descending, the feeds by slug ascending: read on until the cut falls between two dates.
    let fetch = limit + overlay.size + 5;
    let listed: Listed[];
    for (;;) {
      const page = await this.state.published(fetch);
      listed = merge(page, overlay);
      if (page.length < fetch || listed.length <= limit || listed.at(-1)!.date < listed[limit - 1]!.date) break;
      fetch *= 2;
    }
    // Read side by side: the reads are independent, and a cold function makes up to `feedItems` of them.
    const found = await Promise.all(listed.slice(0, limit).map(async ({ listing, id }) => {
      const article = await this.article(listing.entry);
      // The slug knows the article's first permalink, which a slug change keeps.
      return article && { article: id !== undefined && id !== article.url ? { ...article, feedId: id } : article, listing };
    }));
    return found.filter((f): f is { article: Article; listing: SlugListing } => f !== undefined);
  }

  private async article(path: string): Promise<Article | undefined> {
    const cached = this.cache.get(path);
    if (cached) return cached;
    const stored = await this.entries.get(path);
    if (!stored) return undefined;
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(path, stored);
    return stored;
  }
}

interface Listed {
  readonly slug: string;
  readonly date: Date;
  readonly listing: SlugListing;
  readonly id?: string;
}

// The index's live slugs, with the overlay's records in place of theirs (and added, when live), newest first.
function merge(indexed: readonly SlugRecord[], overlay: ReadonlyMap<string, SlugRecord>): Listed[] {
  return [...indexed.filter((r) => !overlay.has(r.slug)), ...overlay.values()]
    .flatMap((r) => (r.listing ? [{ slug: r.slug, date: new Date(r.listing.date), listing: r.listing, ...(r.id !== undefined && { id: r.id }) }] : []))
    .sort(newestFirst);
}

function listedOf({ listing }: Listed): ListedArticle {
  return {
    title: listing.title,
    url: listing.url,
    date: new Date(listing.date),
    updated: new Date(listing.updated),
    summary: listing.summary,
    ...(listing.offsetMinutes !== undefined && { offsetMinutes: listing.offsetMinutes }),
  };
}
