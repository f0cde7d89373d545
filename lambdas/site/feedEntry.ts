import type { Author, SiteConfig } from '../config/siteConfig';
import type { Article } from '../content/article';
import { inlineCodeColours } from '../content/highlightCode';
import { escapeHtml } from './escapeHtml';
import { imageMediaType } from './imageMediaType';

/** Sizes of images the site itself serves; an enclosure needs its length (RSS 2.0 §enclosure). */
export type ImageSizes = ReadonlyMap<string, number>;

/** An image sent along with an entry, as RSS `<enclosure>` and Atom `rel="enclosure"` describe it. */
export interface Enclosure {
  readonly url: string;
  readonly length: number;
  readonly type: string;
}

/** What every feed format says about one article, worked out once. */
export interface FeedEntry {
  readonly article: Article;
  /** The article's authors, or the site author when it names none. */
  readonly authors: readonly Author[];
  /** Categories then tags, each once. */
  readonly categories: readonly string[];
  /**
   * The article HTML as feed readers get it: the subtitle first (no entry
   * element carries one), and code colours inline because readers drop classes.
   */
  readonly contentHtml: string;
  /** Only for images whose size is known: a zero length misleads podcast-style clients. */
  readonly enclosure?: Enclosure;
}

/** The feed entries of the newest articles. */
export function feedEntriesOf(site: SiteConfig, articles: readonly Article[], imageSizes: ImageSizes): FeedEntry[] {
  return articles.map((article) => {
    const enclosure = article.image ? enclosureOf(article.image, imageSizes) : undefined;
    const subtitle = article.subtitle ? `<p><em>${escapeHtml(article.subtitle)}</em></p>\n` : '';
    return {
      article,
      authors: article.authors.length > 0 ? article.authors : [site.author],
      categories: [...new Set([...article.categories, ...article.tags])],
      contentHtml: subtitle + inlineCodeColours(article.html),
      ...(enclosure && { enclosure }),
    };
  });
}

/** An article's id in every feed: its first permalink (kept across slug changes), else its permalink. */
export function feedIdOf(article: Pick<Article, 'url' | 'feedId'>): string {
  return article.feedId ?? article.url;
}

/** When the feed last changed: the newest entry's update, never the build time. */
export function feedUpdated(entries: readonly FeedEntry[]): Date {
  return entries.reduce((newest, e) => (e.article.updated > newest ? e.article.updated : newest), new Date(0));
}

function enclosureOf(url: string, imageSizes: ImageSizes): Enclosure | undefined {
  const length = imageSizes.get(url);
  const type = imageMediaType(url);
  return length === undefined || type === undefined ? undefined : { url, length, type };
}
