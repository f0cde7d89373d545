/** What the archive and the feeds list of a live slug, kept on the slug so listings need no article. */
export interface SlugListing {
  readonly title: string;
  readonly url: string;
  /** ISO instants. */
  readonly date: string;
  readonly updated: string;
  readonly offsetMinutes?: number;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly categories: readonly string[];
  readonly image?: string;
  /** Bytes of the featured image when it is a page-bundle file. */
  readonly imageLength?: number;
  /** Where the live article's entry is stored. */
  readonly entry: string;
  readonly renderVersion: string;
}

/** Time-bound work on a slug, found through the `due` index. */
export interface SlugDue {
  readonly todo: 'scheduled' | 'expiring';
  /** ISO instant. */
  readonly at: string;
}

/**
 * One URL of the site, which outlives the files that claim it: who claims it,
 * who is live there, its first publication (so it is announced once, ever),
 * and where it redirects after the article moved.
 */
export interface SlugRecord {
  readonly slug: string;
  /** Keys whose current version names this slug; the publish function adds and removes them. The rest is the rebuild's. */
  readonly claimants: readonly string[];
  /** The key whose page is live, or was last live; absent when nobody's is. */
  readonly owner?: string;
  readonly firstPublishedAt?: string;
  /** The id in every feed: the first permalink of the article published here. */
  readonly id?: string;
  /** The slug the article moved to, when this one redirects. */
  readonly redirectTo?: string;
  /** Alias paths written for the live article. */
  readonly aliases: readonly string[];
  /** Present while the slug is live. */
  readonly listing?: SlugListing;
  readonly due?: SlugDue;
}

/** A slug nobody has claimed yet. */
export function emptySlug(slug: string): SlugRecord {
  return { slug, claimants: [], aliases: [] };
}
