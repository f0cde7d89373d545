import { Feed, type Author as FeedAuthor, type Item } from 'feed';
import type { Author, SiteConfig } from '../config/siteConfig';
import type { Article } from '../content/article';
import { escapeHtml } from './escapeHtml';
import { fixAtomEnclosureTypes, guardCdata, imageMediaType, toJsonFeed11, xmlSafe, type JsonFeedAuthor } from './feedWorkarounds';
import { SITE_PATHS } from './sitePaths';

/** The three feed documents, ready to write. */
export interface Feeds {
  readonly rss: string;
  readonly atom: string;
  readonly json: string;
}

/** Sizes of images the site itself serves; an enclosure needs its length (RSS 2.0 §enclosure). */
export type ImageSizes = ReadonlyMap<string, number>;

/**
 * Builds RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the newest articles.
 * Nothing here reads the clock: `updated` is the newest article's, so the
 * same content always gives byte-identical feeds.
 *
 * @param articles published articles, newest first.
 * @example
 * const { rss, atom, json } = buildFeeds(site, published, new Map());
 */
export function buildFeeds(site: SiteConfig, articles: readonly Article[], imageSizes: ImageSizes): Feeds {
  const items = articles.slice(0, site.feedItems);
  const enclosures = items.flatMap((a) => (a.image && enclosureOf(a.image, imageSizes) ? [a.image] : []));

  const rss = newFeed(site, items);
  const atom = newFeed(site, items);
  const json = newFeed(site, items);
  for (const article of items) {
    rss.addItem(rssItem(article, site, imageSizes));
    atom.addItem(atomItem(article, site, imageSizes));
    json.addItem(jsonItem(article, site));
  }
  const itemAuthors = new Map(items.map((a) => [a.url, authorsOf(a, site).map(jsonAuthor)]));
  return {
    rss: `${rss.rss2()}\n`,
    atom: `${fixAtomEnclosureTypes(atom.atom1(), enclosures)}\n`,
    json: toJsonFeed11(json.json1(), [jsonAuthor(site.author)], itemAuthors, site.language),
  };
}

function newFeed(site: SiteConfig, items: readonly Article[]): Feed {
  return new Feed({
    id: site.url,
    link: site.url,
    title: xmlSafe(site.title),
    description: xmlSafe(site.description || site.title),
    language: site.language,
    // Never the build time: unchanged content must give unchanged bytes.
    updated: items.reduce((newest, a) => (a.updated > newest ? a.updated : newest), new Date(0)),
    generator: 'Herald',
    copyright: `© ${xmlSafe(site.author.name)}`,
    stylesheet: SITE_PATHS.feedStylesheet,
    feedLinks: {
      rss: `${site.url}${SITE_PATHS.rss}`,
      atom: `${site.url}${SITE_PATHS.atom}`,
      json: `${site.url}${SITE_PATHS.json}`,
    },
    author: feedAuthor(site.author),
  });
}

// RSS: no `id`, so `feed` writes the permalink as <guid isPermaLink="true">.
function rssItem(article: Article, site: SiteConfig, imageSizes: ImageSizes): Item {
  const authors = authorsOf(article, site);
  const withEmail = authors.filter((a) => a.email);
  const enclosure = article.image ? enclosureOf(article.image, imageSizes) : undefined;
  return {
    ...commonFields(article),
    title: guardCdata(xmlSafe(article.title)),
    description: guardCdata(xmlSafe(article.summary)),
    content: guardCdata(xmlSafe(article.html)),
    // RSS 2.0 <author> must be an email address; names alone go to dc:creator.
    ...(withEmail.length > 0 && { author: withEmail.map(feedAuthor) }),
    ...(withEmail.length === 0 && { extensions: authors.map((a) => ({ name: 'dc:creator', objects: { _text: xmlSafe(a.name) } })) }),
    ...(enclosure && { enclosure }),
  };
}

function atomItem(article: Article, site: SiteConfig, imageSizes: ImageSizes): Item {
  const enclosure = article.image ? enclosureOf(article.image, imageSizes) : undefined;
  return {
    ...commonFields(article),
    id: article.url,
    // Atom text constructs are type="html" here, so plain text must be escaped (RFC 4287 §3.1.1.2).
    title: guardCdata(escapeHtml(xmlSafe(article.title))),
    description: guardCdata(escapeHtml(xmlSafe(article.summary))),
    content: guardCdata(xmlSafe(article.html)),
    author: authorsOf(article, site).map(feedAuthor),
    ...(enclosure && { image: enclosure }),
  };
}

function jsonItem(article: Article, site: SiteConfig): Item {
  return {
    ...commonFields(article),
    id: article.url,
    title: article.title,
    description: article.summary,
    content: article.html,
    author: authorsOf(article, site).map(feedAuthor),
    ...(article.image && { image: article.image }),
  };
}

function commonFields(article: Article): Pick<Item, 'link' | 'date' | 'published' | 'category'> {
  const names = [...new Set([...article.categories, ...article.tags])];
  return {
    link: article.url,
    date: article.updated,
    published: article.date,
    category: names.map((name) => ({ name: xmlSafe(name), term: xmlSafe(name) })),
  };
}

function enclosureOf(url: string, imageSizes: ImageSizes): { url: string; length: number; type: string } | undefined {
  const length = imageSizes.get(url);
  const type = imageMediaType(url);
  return length === undefined || type === undefined ? undefined : { url, length, type };
}

function authorsOf(article: Article, site: SiteConfig): readonly Author[] {
  return article.authors.length > 0 ? article.authors : [site.author];
}

function feedAuthor(author: Author): FeedAuthor {
  return { name: xmlSafe(author.name), ...(author.email && { email: author.email }), ...(author.url && { link: author.url }) };
}

function jsonAuthor(author: Author): JsonFeedAuthor {
  return { name: author.name, ...(author.url && { url: author.url }) };
}
