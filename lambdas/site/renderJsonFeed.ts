import type { Author, SiteConfig } from '../config/siteConfig';
import { siteChannel, type FeedChannel } from './feedChannel';
import { feedIdOf, type FeedEntry } from './feedEntry';
import { SITE_PATHS } from './sitePaths';
import { rfc3339InOffset } from './dateInOffset';

/** An author as JSON Feed 1.1 (§"authors") names one. */
interface JsonFeedAuthor {
  readonly name: string;
  readonly url?: string;
}

/**
 * JSON Feed 1.1 (jsonfeed.org/version/1.1): `authors` arrays, the feed's
 * `language` and an item's own when the article sets one.
 */
export function renderJsonFeed(site: SiteConfig, entries: readonly FeedEntry[], channel: FeedChannel = siteChannel(site)): string {
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: channel.title,
    home_page_url: channel.link,
    feed_url: `${channel.link}${SITE_PATHS.json}`,
    // JSON Feed 1.1 §"hubs": endpoints that can notify subscribers in real time.
    ...(site.websubHub && { hubs: [{ type: 'WebSub', url: site.websubHub }] }),
    ...(channel.description && { description: channel.description }),
    language: site.language,
    authors: [jsonAuthor(site.author)],
    items: entries.map(({ article, authors, categories, contentHtml }) => ({
      id: feedIdOf(article),
      url: article.url,
      title: article.title,
      content_html: contentHtml,
      summary: article.summary,
      ...(article.image && { image: article.image }),
      date_published: rfc3339InOffset(article.date, article.offsetMinutes),
      date_modified: rfc3339InOffset(article.updated, article.offsetMinutes),
      authors: authors.map(jsonAuthor),
      ...(categories.length > 0 && { tags: categories }),
      ...(article.lang && { language: article.lang }),
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}

function jsonAuthor(author: Author): JsonFeedAuthor {
  return { name: author.name, ...(author.url && { url: author.url }) };
}
