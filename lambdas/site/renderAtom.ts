import type { Author, SiteConfig } from '../config/siteConfig';
import { rfc3339InOffset } from './dateInOffset';
import { siteChannel, type FeedChannel } from './feedChannel';
import { feedIdOf, feedUpdated, type FeedEntry } from './feedEntry';
import { feedPreviewScriptElement } from './feedPreviewScript';
import { SITE_PATHS } from './sitePaths';
import { xmlElement, xmlText } from './xml';

/**
 * Atom 1.0 (RFC 4287). Titles and summaries are plain text, so they are
 * `type="text"` (§3.1.1.1) and readers show them as written; the content is
 * `type="html"`. An article in another language than the site's says so with
 * `xml:lang` on its entry (§2).
 */
export function renderAtom(site: SiteConfig, entries: readonly FeedEntry[], channel: FeedChannel = siteChannel(site)): string {
  const feed = [
    feedPreviewScriptElement(site),
    xmlText('id', channel.link),
    xmlText('title', channel.title, { type: 'text' }),
    ...(channel.description ? [xmlText('subtitle', channel.description, { type: 'text' })] : []),
    xmlText('updated', feedUpdated(entries).toISOString()),
    xmlText('generator', 'Herald'),
    xmlText('rights', `© ${site.author.name}`, { type: 'text' }),
    atomAuthor(site.author),
    xmlElement('link', { rel: 'alternate', href: channel.link }),
    xmlElement('link', { rel: 'self', href: `${channel.link}${SITE_PATHS.atom}` }),
    // WebSub §4 (Discovery): the hub beside the self link.
    ...(site.websubHub ? [xmlElement('link', { rel: 'hub', href: site.websubHub })] : []),
    ...entries.map(atomEntry),
  ];
  return `<?xml version="1.0" encoding="utf-8"?>
<?xml-stylesheet href="${channel.stylesheet}" type="text/xsl"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${site.language}">
${feed.join('\n')}
</feed>
`;
}

function atomEntry(entry: FeedEntry): string {
  const { article, enclosure } = entry;
  const parts = [
    xmlText('title', article.title, { type: 'text' }),
    xmlText('id', feedIdOf(article)),
    xmlElement('link', { rel: 'alternate', href: article.url }),
    xmlText('published', rfc3339InOffset(article.date, article.offsetMinutes)),
    xmlText('updated', rfc3339InOffset(article.updated, article.offsetMinutes)),
    xmlText('summary', article.summary, { type: 'text' }),
    xmlText('content', entry.contentHtml, { type: 'html' }),
    ...entry.authors.map(atomAuthor),
    ...entry.categories.map((name) => xmlElement('category', { term: name, label: name })),
    ...(enclosure ? [xmlElement('link', { rel: 'enclosure', href: enclosure.url, type: enclosure.type, length: enclosure.length })] : []),
  ];
  return xmlElement('entry', { 'xml:lang': article.lang }, `\n${parts.join('\n')}\n`);
}

function atomAuthor(author: Author): string {
  const parts = [xmlText('name', author.name), ...(author.email ? [xmlText('email', author.email)] : []), ...(author.url ? [xmlText('uri', author.url)] : [])];
  return `<author>${parts.join('')}</author>`;
}
