import type { SiteConfig } from '../config/siteConfig';
import { escapeHtml } from './escapeHtml';
import { siteChannel, type FeedChannel } from './feedChannel';
import { rfc822InOffset } from './dateInOffset';
import { feedIdOf, feedUpdated, type FeedEntry } from './feedEntry';
import { feedPreviewScriptElement } from './feedPreviewScript';
import { SITE_PATHS } from './sitePaths';
import { xmlElement, xmlText } from './xml';

/**
 * RSS 2.0 (rssboard.org/rss-specification) with `content:encoded` for the
 * full article, `atom:link rel="self"` and permalink guids. Every text is
 * escaped by the XML helpers, so no author input can break the document.
 */
export function renderRss(site: SiteConfig, entries: readonly FeedEntry[], channel: FeedChannel = siteChannel(site)): string {
  const elements = [
    feedPreviewScriptElement(site),
    xmlText('title', channel.title),
    xmlText('link', channel.link),
    xmlText('description', channel.description || channel.title),
    xmlText('language', site.language),
    xmlText('copyright', `© ${site.author.name}`),
    xmlText('generator', 'Herald'),
    xmlText('docs', 'https://www.rssboard.org/rss-specification'),
    // RSS 2.0 §optional channel elements: dates in RFC 822 form.
    xmlText('lastBuildDate', feedUpdated(entries).toUTCString()),
    xmlElement('atom:link', { href: `${channel.link}${SITE_PATHS.rss}`, rel: 'self', type: 'application/rss+xml' }),
    // WebSub §4 (Discovery): the hub beside the self link.
    ...(site.websubHub ? [xmlElement('atom:link', { href: site.websubHub, rel: 'hub' })] : []),
    ...entries.map(rssItem),
  ];
  return `<?xml version="1.0" encoding="utf-8"?>
<?xml-stylesheet href="${channel.stylesheet}" type="text/xsl"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
${elements.join('\n')}
</channel>
</rss>
`;
}

function rssItem(entry: FeedEntry): string {
  const { article, enclosure } = entry;
  const withEmail = entry.authors.filter((a) => a.email);
  const parts = [
    xmlText('title', article.title),
    xmlText('link', article.url),
    // After a slug change the guid is the first permalink, which is no longer the article's link.
    xmlText('guid', feedIdOf(article), { isPermaLink: String(feedIdOf(article) === article.url) }),
    xmlText('pubDate', rfc822InOffset(article.date, article.offsetMinutes)),
    // Readers take <description> as HTML: the plain-text summary is escaped so `<script>` in it stays text.
    xmlText('description', escapeHtml(article.summary)),
    xmlText('content:encoded', entry.contentHtml),
    // RSS 2.0 <author> is an email address; names alone go to dc:creator.
    ...(withEmail.length > 0
      ? withEmail.map((a) => xmlText('author', `${a.email} (${a.name})`))
      : entry.authors.map((a) => xmlText('dc:creator', a.name))),
    ...entry.categories.map((name) => xmlText('category', name)),
    ...(article.lang ? [xmlText('dc:language', article.lang)] : []),
    ...(enclosure ? [xmlElement('enclosure', { url: enclosure.url, length: enclosure.length, type: enclosure.type })] : []),
  ];
  return `<item>\n${parts.join('\n')}\n</item>`;
}
