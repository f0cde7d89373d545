/** The root folder of the month pages (DESIGN.md "Site root"). */
export const ARCHIVE_DIR = 'archive';

/** How many of the newest articles the home page and each tag page list; older ones are a month page away. */
export const NEWEST_LISTED = 20;

/**
 * The month an article is archived under: `YYYY-MM` of its date in UTC, as
 * the articles table's `month` and the listing index's sort key carry it.
 *
 * @example
 * monthOf(new Date('2026-06-30T23:30:00Z')); // '2026-06'
 */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** The folder of a month's pages, below the site root: `archive/2026/06/`, or `tags/<slug>/2026/06/` for a tag's. */
export function monthDir(month: string, tag?: string): string {
  return `${tag === undefined ? ARCHIVE_DIR : `tags/${tag}`}/${month.replace('-', '/')}/`;
}

/** The folder of a tag's pages and feeds: `tags/<slug>/`. */
export function tagDir(tag: string): string {
  return `tags/${tag}/`;
}

/** The absolute URL of a folder of the site, each segment percent-encoded. */
export function folderUrl(siteUrl: string, dir: string): string {
  return `${siteUrl}${dir.split('/').map(encodeURIComponent).join('/')}`;
}

/** One month of a listing (the site's or a tag's): how many articles it holds and when the newest change among them was. */
export interface MonthSummary {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly count: number;
  readonly updated: Date;
}

const MONTH_NAME = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' });

/**
 * A month as a person reads it.
 *
 * @example
 * monthName('2026-06');       // 'June'
 * monthName('2026-06', true); // 'June 2026'
 */
export function monthName(month: string, withYear = false): string {
  const name = MONTH_NAME.format(new Date(`${month}-01T00:00:00Z`));
  return withYear ? `${name} ${month.slice(0, 4)}` : name;
}
