import type { Article } from '../content/article';
import { monthOf, NEWEST_LISTED, type MonthSummary } from '../site/archivePaths';
import type { ListedArticle, MonthListing, SharedInput, TagInput } from '../site/renderSharedFiles';
import { newestFirst } from '../site/selectPublished';
import { summaryOf } from '../site/sharedInputOf';
import { tagsOf } from '../site/tagsOf';
import type { ArticleStateStore, EntryStore, Shelf } from './ports';
import type { SlugListing, SlugRecord } from './slugRecord';

// Stored articles never change (their path names their content), so a warm rebuild keeps the ones it read.
const CACHE_LIMIT = 500;

/** The shared files' input for one batch, and the months of each listing it touched, to save once the files are written. */
export interface BatchInput {
  readonly input: SharedInput;
  /** By tag slug ('' for the site's listing). */
  readonly months: ReadonlyMap<string, readonly MonthSummary[]>;
}

/** The listing months an article is on: the site's, and each of its tags', all in the month of its date. */
export function shelvesOf(listing: SlugListing | undefined): Shelf[] {
  if (!listing) return [];
  const month = monthOf(new Date(listing.date));
  return [{ tag: '', month }, ...tagsOf(listing).map((t) => ({ tag: t.slug, month }))];
}

/**
 * What the shared files are made from in the pipeline: live slugs from the
 * articles table's `published` index (the site's listing and each tag's),
 * overlaid with the slugs the rebuild changed lately (read consistently,
 * since the index lags), the months of each listing, and the newest stored
 * articles for the feeds. A batch reads the newest of the site and of each
 * tag it touched, and the months it touched, so a rebuild costs the same
 * whatever the other articles and months hold. The stored articles a
 * listing's feeds carry come from its feed cache (one object) in a cold
 * function, and from memory in a warm one.
 */
export class PipelineCatalogue {
  // Promises, so that two listings reading the same article side by side read it once.
  private readonly cache = new Map<string, Promise<Article | undefined>>();
  // What each listing's feed cache holds, as this function last read or wrote it (its sorted entry paths).
  private readonly feedCaches = new Map<string, string>();

  constructor(private readonly state: ArticleStateStore, private readonly entries: EntryStore) {}

  /**
   * The shared files' input as of now: the index with `overlay` (slug → its current record) on top.
   *
   * @param touched the listing months whose pages to write; their tags' pages and feeds are written too.
   * @param feedItems how many of the newest articles the feeds carry.
   */
  async shared(overlay: ReadonlyMap<string, SlugRecord>, touched: readonly Shelf[], feedItems: number): Promise<BatchInput> {
    const tags = [...new Set(touched.map((s) => s.tag).filter((t) => t !== ''))].sort();
    const saved = await this.state.months(['', ...tags]);
    // Each listing's reads are independent of the others': made side by side, so a batch waits for the slowest, not the sum.
    const [site, siteMonths, ...tagInputs] = await Promise.all([
      this.newest('', feedItems, overlay),
      this.monthsOf('', touched, overlay, saved.get('') ?? []),
      ...tags.map(async (tag): Promise<TagInput & { found: Found[] }> => {
        const newest = await this.newest(tag, feedItems, overlay);
        const tagMonths = newest.listed.length === 0
          ? { months: [], monthPages: touched.filter((s) => s.tag === tag).map(({ month }) => ({ month, articles: [] })) }
          : await this.monthsOf(tag, touched, overlay, saved.get(tag) ?? []);
        return { slug: tag, newest: newest.articles, listed: newest.listed, ...tagMonths, found: newest.found };
      }),
    ]);
    const months = new Map<string, readonly MonthSummary[]>([['', siteMonths.months], ...tagInputs.map((t) => [t.slug, t.months] as const)]);
    const found = [...site.found, ...tagInputs.flatMap((t) => t.found)];
    const imageSizes = new Map(found.flatMap(({ article, listing }) => (article.image !== undefined && listing.imageLength !== undefined ? [[article.image, listing.imageLength] as const] : [])));
    return { input: { newest: site.articles, imageSizes, listed: site.listed, ...siteMonths, tags: tagInputs.map(({ found: _found, ...tag }) => tag) }, months };
  }

  // The touched months of one listing, read again, and its months with theirs brought up to date.
  private async monthsOf(tag: string, touched: readonly Shelf[], overlay: ReadonlyMap<string, SlugRecord>, saved: readonly MonthSummary[]): Promise<{ months: MonthSummary[]; monthPages: MonthListing[] }> {
    const summaries = new Map(saved.map((m) => [m.month, m]));
    const monthPages: MonthListing[] = [];
    const touchedMonths = [...new Set(touched.filter((s) => s.tag === tag).map((s) => s.month))].sort().reverse();
    const read = await Promise.all(touchedMonths.map(async (month) => merge(await this.state.listed({ ...(tag !== '' && { tag }), month }), overlay, { tag, month }).map(listedOf)));
    touchedMonths.forEach((month, i) => {
      const articles = read[i]!;
      monthPages.push({ month, articles });
      if (articles.length === 0) summaries.delete(month);
      else summaries.set(month, summaryOf(month, articles));
    });
    return { months: [...summaries.values()].sort((a, b) => b.month.localeCompare(a.month)), monthPages };
  }

  // The newest of one listing: enough listings for its page, and the stored articles its feeds carry.
  private async newest(tag: string, feedItems: number, overlay: ReadonlyMap<string, SlugRecord>): Promise<{ articles: Article[]; listed: ListedArticle[]; found: Found[] }> {
    const want = Math.max(feedItems, NEWEST_LISTED);
    // The index sorts equal dates by slug descending, the pages by slug ascending: read on until the cut falls between two dates.
    let fetch = want + overlay.size + 5;
    let listed: Listed[];
    for (;;) {
      const page = await this.state.listed(tag === '' ? {} : { tag }, fetch);
      listed = merge(page, overlay, { tag });
      if (page.length < fetch || listed.length <= want || listed.at(-1)!.date < listed[want - 1]!.date) break;
      fetch *= 2;
    }
    const carried = listed.slice(0, feedItems);
    const stored = await this.storedFor(tag, carried.map(({ listing }) => listing.entry));
    const found = carried.flatMap(({ listing, id }) => {
      const article = stored.get(listing.entry);
      // The slug knows the article's first permalink, which a slug change keeps.
      return article ? [{ article: id !== undefined && id !== article.url ? { ...article, feedId: id } : article, listing }] : [];
    });
    return { articles: found.map((f) => f.article), listed: listed.slice(0, want).map(listedOf), found };
  }

  // The stored articles one listing's feeds carry: kept in memory, else in the listing's feed cache (one read when this
  // function has not seen it yet), else read one by one, side by side; the feed cache is saved when what it holds changed.
  private async storedFor(listing: string, paths: readonly string[]): Promise<Map<string, Article>> {
    if (!this.feedCaches.has(listing)) {
      const saved = await this.entries.feedCache(listing);
      for (const [path, article] of saved) if (!this.cache.has(path)) this.remember(path, Promise.resolve(article));
      this.feedCaches.set(listing, [...saved.keys()].sort().join('\n'));
    }
    const stored = new Map<string, Article>();
    for (const [i, article] of (await Promise.all(paths.map((path) => this.article(path)))).entries()) if (article) stored.set(paths[i]!, article);
    const holds = [...stored.keys()].sort().join('\n');
    if (this.feedCaches.get(listing) !== holds) {
      await this.entries.saveFeedCache(listing, stored);
      this.feedCaches.set(listing, holds);
    }
    return stored;
  }

  private article(path: string): Promise<Article | undefined> {
    const cached = this.cache.get(path);
    if (cached) return cached;
    const reading = this.entries.get(path);
    this.remember(path, reading);
    // A failed or missing read is not kept: the next rebuild asks again.
    reading.then((stored) => stored ?? this.cache.delete(path), () => this.cache.delete(path));
    return reading;
  }

  // Keeps at most CACHE_LIMIT stored articles, the oldest kept going first.
  private remember(path: string, article: Promise<Article | undefined>): void {
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(path, article);
  }
}

/** A stored article the feeds carry, with the listing that says how big its featured image is. */
interface Found {
  readonly article: Article;
  readonly listing: SlugListing;
}

interface Listed {
  readonly slug: string;
  readonly date: Date;
  readonly listing: SlugListing;
  readonly id?: string;
}

// The index's live slugs, with the overlay's records in place of theirs (and added, when on the same listing and month), newest first.
function merge(indexed: readonly SlugRecord[], overlay: ReadonlyMap<string, SlugRecord>, shelf: { tag: string; month?: string }): Listed[] {
  const onShelf = (listing: SlugListing) => (shelf.tag === '' || tagsOf(listing).some((t) => t.slug === shelf.tag))
    && (shelf.month === undefined || monthOf(new Date(listing.date)) === shelf.month);
  return [...indexed.filter((r) => !overlay.has(r.slug)), ...[...overlay.values()].filter((r) => r.listing && onShelf(r.listing))]
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
    tags: listing.tags,
    categories: listing.categories,
    ...(listing.offsetMinutes !== undefined && { offsetMinutes: listing.offsetMinutes }),
  };
}
