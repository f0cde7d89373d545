import type { SiteConfig } from '../config/siteConfig';
import type { Article } from '../content/article';
import { siteChannel, type FeedChannel } from './feedChannel';
import { feedEntriesOf, type ImageSizes } from './feedEntry';
import { renderAtom } from './renderAtom';
import { renderJsonFeed } from './renderJsonFeed';
import { renderRss } from './renderRss';

export type { ImageSizes } from './feedEntry';

/** The three feed documents, ready to write. */
export interface Feeds {
  readonly rss: string;
  readonly atom: string;
  readonly json: string;
}

/**
 * Builds RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the newest articles.
 * Nothing here reads the clock: `updated` is the newest article's, so the
 * same content always gives byte-identical feeds. Whatever the articles
 * contain, the XML documents are well-formed (test/unit/site/feedEscaping.test.ts).
 *
 * @param articles published articles, newest first.
 * @param channel the site's feeds (the default) or a tag's.
 * @example
 * const { rss, atom, json } = buildFeeds(site, published, new Map());
 */
export function buildFeeds(site: SiteConfig, articles: readonly Article[], imageSizes: ImageSizes, channel: FeedChannel = siteChannel(site)): Feeds {
  const entries = feedEntriesOf(site, articles.slice(0, site.feedItems), imageSizes);
  return { rss: renderRss(site, entries, channel), atom: renderAtom(site, entries, channel), json: renderJsonFeed(site, entries, channel) };
}
