import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildFeeds } from '../../../lambdas/site/buildFeeds';
import { makeArticle } from '../../fixtures/articleFactory';
import { testSite } from '../../helpers/siteFixture';

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
const RFC_822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

function threeArticles() {
  return [
    makeArticle({ slug: 'third', title: 'Third', date: new Date('2026-01-03T00:00:00Z'), updated: new Date('2026-01-03T00:00:00Z') }),
    makeArticle({ slug: 'second', title: 'Second', date: new Date('2026-01-02T00:00:00Z'), updated: new Date('2026-01-02T00:00:00Z') }),
    makeArticle({ slug: 'first', title: 'First', date: new Date('2026-01-01T00:00:00Z'), updated: new Date('2026-01-01T00:00:00Z') }),
  ];
}

describe('buildFeeds', () => {
  it('builds well-formed RSS and Atom, and JSON Feed 1.1', () => {
    // Act
    const feeds = buildFeeds(testSite(), threeArticles(), new Map());

    // Assess
    expect(XMLValidator.validate(feeds.rss)).toBe(true);
    expect(XMLValidator.validate(feeds.atom)).toBe(true);
    expect(JSON.parse(feeds.json).version).toBe('https://jsonfeed.org/version/1.1');
  });

  it('keeps the newest articles first and only feedItems of them', () => {
    // Act
    const feeds = buildFeeds(testSite({ feedItems: 2 }), threeArticles(), new Map());

    // Assess
    const rss = xml.parse(feeds.rss).rss.channel.item as { title: string }[];
    expect(rss.map((i) => i.title)).toEqual(['Third', 'Second']);
    expect((JSON.parse(feeds.json).items as { title: string }[]).map((i) => i.title)).toEqual(['Third', 'Second']);
    expect(xml.parse(feeds.atom).feed.entry).toHaveLength(2);
  });

  it('carries full HTML content and the summary', () => {
    // Act
    const feeds = buildFeeds(testSite(), [makeArticle()], new Map());

    // Assess
    const item = xml.parse(feeds.rss).rss.channel.item;
    expect(item['content:encoded']).toContain('<strong>HTML</strong>');
    expect(item.description).toBe('A short summary.');
    expect(JSON.parse(feeds.json).items[0]).toMatchObject({ content_html: makeArticle().html, summary: 'A short summary.' });
  });

  it('uses the permalink as the id in every format, so edits of title or date keep it', () => {
    // Prepare
    const before = buildFeeds(testSite(), [makeArticle()], new Map());

    // Act
    const after = buildFeeds(testSite(), [makeArticle({ title: 'Retitled', date: new Date('2026-02-01T00:00:00Z') })], new Map());

    // Assess
    for (const feeds of [before, after]) {
      const guid = xml.parse(feeds.rss).rss.channel.item.guid;
      expect(guid).toEqual({ '#text': 'https://blog.example.com/posts/first-post/', '@isPermaLink': 'true' });
      expect(xml.parse(feeds.atom).feed.entry.id).toBe('https://blog.example.com/posts/first-post/');
      expect(JSON.parse(feeds.json).items[0].id).toBe('https://blog.example.com/posts/first-post/');
    }
  });

  it('has one correct self link per format', () => {
    // Act
    const feeds = buildFeeds(testSite(), [makeArticle()], new Map());

    // Assess
    expect(feeds.rss.match(/rel="self"/g)).toHaveLength(1);
    expect(feeds.rss).toContain('<atom:link href="https://blog.example.com/feed.xml" rel="self" type="application/rss+xml"/>');
    expect(feeds.atom.match(/rel="self"/g)).toHaveLength(1);
    expect(feeds.atom).toContain('<link rel="self" href="https://blog.example.com/atom.xml"/>');
    expect(JSON.parse(feeds.json).feed_url).toBe('https://blog.example.com/feed.json');
  });

  it('writes RFC 822 dates in RSS and never the build time', () => {
    // Act
    const feeds = buildFeeds(testSite(), threeArticles(), new Map());

    // Assess
    const channel = xml.parse(feeds.rss).rss.channel;
    expect(channel.lastBuildDate).toMatch(RFC_822);
    expect(channel.lastBuildDate).toBe('Sat, 03 Jan 2026 00:00:00 GMT');
    for (const item of channel.item as { pubDate: string }[]) expect(item.pubDate).toMatch(RFC_822);
    expect(xml.parse(feeds.atom).feed.updated).toBe('2026-01-03T00:00:00.000Z');
  });

  it('gives byte-identical feeds for the same articles, whatever the clock says', () => {
    // Prepare
    jest.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
    const first = buildFeeds(testSite(), threeArticles(), new Map());
    jest.setSystemTime(new Date('2031-06-01T00:00:00Z'));

    // Act
    const second = buildFeeds(testSite(), threeArticles(), new Map());
    jest.useRealTimers();

    // Assess
    expect(second).toEqual(first);
  });

  it('gives a deterministic feed for an empty site', () => {
    // Act
    const feeds = buildFeeds(testSite(), [], new Map());

    // Assess
    expect(xml.parse(feeds.rss).rss.channel.lastBuildDate).toBe('Thu, 01 Jan 1970 00:00:00 GMT');
    expect(JSON.parse(feeds.json).items).toEqual([]);
  });

  it('writes the RSS author as an email address, and dc:creator when only a name is known', () => {
    // Act
    const withEmail = buildFeeds(testSite(), [makeArticle()], new Map());
    const nameOnly = buildFeeds(testSite(), [makeArticle({ authors: [{ name: 'Ada Example' }] })], new Map());

    // Assess
    expect(xml.parse(withEmail.rss).rss.channel.item.author).toBe('tess@example.com (Tess Author)');
    const item = xml.parse(nameOnly.rss).rss.channel.item;
    expect(item.author).toBeUndefined();
    expect(item['dc:creator']).toBe('Ada Example');
    expect(JSON.parse(nameOnly.json).items[0].authors).toEqual([{ name: 'Ada Example' }]);
  });

  it('gives an enclosure the real length and media type when the image size is known', () => {
    // Prepare
    const image = 'https://blog.example.com/posts/first-post/cover.jpg';

    // Act
    const known = buildFeeds(testSite(), [makeArticle({ image })], new Map([[image, 12_345]]));
    const unknown = buildFeeds(testSite(), [makeArticle({ image })], new Map());

    // Assess
    expect(xml.parse(known.rss).rss.channel.item.enclosure).toEqual({ '@url': image, '@length': '12345', '@type': 'image/jpeg' });
    expect(known.atom).toContain(`<link rel="enclosure" href="${image}" type="image/jpeg" length="12345"/>`);
    expect(unknown.rss).not.toContain('<enclosure');
    expect(JSON.parse(unknown.json).items[0].image).toBe(image);
  });

  it('deduplicates categories from tags and categories', () => {
    // Act
    const feeds = buildFeeds(testSite(), [makeArticle({ tags: ['A', 'B'], categories: ['B', 'C'] })], new Map());

    // Assess
    expect(xml.parse(feeds.rss).rss.channel.item.category).toEqual(['B', 'C', 'A']);
    expect(JSON.parse(feeds.json).items[0].tags).toEqual(['B', 'C', 'A']);
  });

  it('keeps awkward titles intact in every format', () => {
    // Prepare
    const title = 'Using <div> & "quotes" ]]> twice ]]> end';

    // Act
    const feeds = buildFeeds(testSite(), [makeArticle({ title })], new Map());

    // Assess
    expect(XMLValidator.validate(feeds.rss)).toBe(true);
    expect(XMLValidator.validate(feeds.atom)).toBe(true);
    expect(xml.parse(feeds.rss).rss.channel.item.title).toBe(title);
    expect(xml.parse(feeds.atom).feed.entry.title).toEqual({ '#text': title, '@type': 'text' });
    expect(JSON.parse(feeds.json).items[0].title).toBe(title);
  });

  it('has no relative URL anywhere', () => {
    // Act
    const feeds = buildFeeds(testSite(), [makeArticle({ image: 'https://blog.example.com/x.png' })], new Map([['https://blog.example.com/x.png', 1]]));

    // Assess
    for (const doc of [feeds.rss, feeds.atom]) {
      const urls = [...doc.matchAll(/(?:href|src|url)="([^"]*)"/g)].map((m) => m[1]!);
      expect(urls.filter((u) => !u.startsWith('http') && u !== 'feed.xsl')).toEqual([]);
    }
  });

  it('points browsers at the feed stylesheet', () => {
    // Act
    const feeds = buildFeeds(testSite(), [], new Map());

    // Assess
    expect(feeds.rss).toContain('<?xml-stylesheet href="feed.xsl" type="text/xsl"?>');
    expect(feeds.atom).toContain('<?xml-stylesheet href="feed.xsl" type="text/xsl"?>');
  });

  it('writes this RSS document for a small fixed site', () => {
    // Act
    const feeds = buildFeeds(testSite(), [makeArticle()], new Map());

    // Assess
    expect(feeds.rss).toContain('<title>First Post</title>');
    expect(feeds.rss).toMatchSnapshot();
  });

  it('escapes the summary in RSS <description>, which readers take as HTML', () => {
    // Act
    const feeds = buildFeeds(testSite(), [makeArticle({ summary: 'Never write <script> & co.' })], new Map());

    // Assess
    expect(feeds.rss).toContain('<description>Never write &amp;lt;script&amp;gt; &amp;amp; co.</description>');
    expect(xml.parse(feeds.rss).rss.channel.item.description).toBe('Never write &lt;script&gt; &amp; co.');
    expect(xml.parse(feeds.atom).feed.entry.summary).toEqual({ '#text': 'Never write <script> & co.', '@type': 'text' });
  });

  it('carries an article\'s own language to every format', () => {
    // Act
    const feeds = buildFeeds(testSite(), [makeArticle({ lang: 'de-AT' }), makeArticle({ slug: 'plain' })], new Map());

    // Assess
    const [german, plain] = xml.parse(feeds.atom).feed.entry as Record<string, unknown>[];
    expect(german!['@xml:lang']).toBe('de-AT');
    expect(plain!['@xml:lang']).toBeUndefined();
    expect(feeds.atom).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">');
    expect((xml.parse(feeds.rss).rss.channel.item as Record<string, unknown>[])[0]!['dc:language']).toBe('de-AT');
    const items = JSON.parse(feeds.json).items as { language?: string }[];
    expect(items.map((i) => i.language)).toEqual(['de-AT', undefined]);
  });

  it('opens the content with the subtitle, which no entry element can carry', () => {
    // Act
    const feeds = buildFeeds(testSite(), [makeArticle({ subtitle: 'Parts & <pieces>' })], new Map());

    // Assess
    const opening = '<p><em>Parts &amp; &lt;pieces&gt;</em></p>\n<p>Full';
    expect(xml.parse(feeds.rss).rss.channel.item['content:encoded']).toMatch(new RegExp(`^${opening}`));
    expect(xml.parse(feeds.atom).feed.entry.content['#text']).toMatch(new RegExp(`^${opening}`));
    expect(JSON.parse(feeds.json).items[0].content_html).toMatch(new RegExp(`^${opening}`));
  });

  it('colours highlighted code inline, since feed readers drop classes', () => {
    // Act
    const feeds = buildFeeds(testSite(), [makeArticle({ html: '<pre><code class="language-js"><span class="hl-keyword">let</span> a</code></pre>\n' })], new Map());

    // Assess
    const content = JSON.parse(feeds.json).items[0].content_html as string;
    expect(content).toBe('<pre><code class="language-js"><span style="color:#d23c4a">let</span> a</code></pre>\n');
    expect(xml.parse(feeds.atom).feed.entry.content['#text']).toBe(content.trimEnd()); // the parser trims
  });

  it('writes each date in the author\'s own offset, so every feed shows the day they wrote', () => {
    // Prepare: 00:30 on 5 March in Singapore is still 4 March in UTC
    const article = makeArticle({ date: new Date('2026-03-04T16:30:00Z'), updated: new Date('2026-03-04T16:30:00Z'), offsetMinutes: 480 });

    // Act
    const feeds = buildFeeds(testSite(), [article], new Map());

    // Assess
    expect(feeds.rss).toContain('<pubDate>Thu, 05 Mar 2026 00:30:00 +0800</pubDate>');
    expect(feeds.atom).toContain('<published>2026-03-05T00:30:00.000+08:00</published>');
    expect(JSON.parse(feeds.json).items[0].date_published).toBe('2026-03-05T00:30:00.000+08:00');
    expect(Date.parse('2026-03-05T00:30:00.000+08:00')).toBe(article.date.getTime());
  });

  it('loads the preview script in the XHTML namespace, where feed readers ignore it', () => {
    // Act
    const feeds = buildFeeds(testSite(), threeArticles(), new Map());

    // Assess
    const script = '<script xmlns="http://www.w3.org/1999/xhtml" src="https://blog.example.com/feed-preview.js"/>';
    expect(feeds.rss).toMatch(new RegExp(`<channel>\\s*${script.replace(/[.?/]/g, '\\$&')}`));
    expect(feeds.atom).toMatch(/<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"[^>]*>\s*<script xmlns="http:\/\/www\.w3\.org\/1999\/xhtml"/);
    expect(feeds.json).not.toContain('feed-preview.js');
  });
});
