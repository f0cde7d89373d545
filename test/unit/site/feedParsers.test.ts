import { parseFeed } from '@rowanmanning/feed-parser';
import { buildFeeds } from '../../../lambdas/site/buildFeeds';
import { makeArticle } from '../../fixtures/articleFactory';
import { feedparser, itWithFeedparser } from '../../helpers/feedparser';
import { buildMigrationFixture } from '../../helpers/migrationFixture';
import { testSite } from '../../helpers/siteFixture';

function ordinaryArticles() {
  return [
    makeArticle({ slug: 'two', title: 'Second post', date: new Date('2026-01-02T08:00:00Z'), updated: new Date('2026-01-02T08:00:00Z'), image: 'https://blog.example.com/posts/two/cover.png' }),
    makeArticle({ slug: 'one', title: 'First post', authors: [{ name: 'Ada', email: 'ada@example.com' }] }),
  ];
}

function nastyArticles() {
  return [
    makeArticle({
      slug: 'nasty',
      title: 'Ünïcödé 🎉 <b>tags</b> & "quotes" ]]> and ]]> again\u0001',
      summary: 'Summary with ]]> and \u000B control',
      html: '<p>Code: <code>a ]]&gt; b</code> ]]> raw ]]> twice, émoji 🎉, entities &amp; &lt;</p>\n',
      authors: [{ name: 'Zoë <Z> Example' }],
      tags: ['C#', 'a & b'],
    }),
  ];
}

describe('feeds read by real feed parsers', () => {
  describe.each([
    ['ordinary articles', ordinaryArticles],
    ['hostile text', nastyArticles],
  ])('with %s', (_name, articles) => {
    const feeds = () => buildFeeds(testSite(), articles(), new Map([['https://blog.example.com/posts/two/cover.png', 2048]]));

    itWithFeedparser('RSS passes Python feedparser without the bozo flag', () => {
      // Act
      const result = feedparser(feeds().rss);

      // Assess
      expect(result.bozo_exception).toBe('');
      expect(result.bozo).toBe(0);
      expect(result.version).toBe('rss20');
      expect(result.entries.map((e) => e.id)).toEqual(articles().map((a) => a.url));
    });

    itWithFeedparser('Atom passes Python feedparser without the bozo flag', () => {
      // Act
      const result = feedparser(feeds().atom);

      // Assess
      expect(result.bozo_exception).toBe('');
      expect(result.bozo).toBe(0);
      expect(result.version).toBe('atom10');
      expect(result.entries.map((e) => e.link)).toEqual(articles().map((a) => a.url));
    });

    it.each(['rss', 'atom'] as const)('%s is read by @rowanmanning/feed-parser', (format) => {
      // Act
      const feed = parseFeed(feeds()[format]);

      // Assess
      expect(feed.title).toBe('Test Site');
      expect(feed.url).toBe('https://blog.example.com/');
      expect(feed.items.map((i) => i.url)).toEqual(articles().map((a) => a.url));
      expect(feed.items.map((i) => i.id)).toEqual(articles().map((a) => a.url));
      for (const item of feed.items) {
        expect(item.content).toContain('<p>');
        expect(item.published?.toISOString()).toMatch(/^2026-01-0\dT/);
      }
    });
  });

  describe('with the feeds of the migration fixtures (test/fixtures/migration)', () => {
    const fixture = () => {
      const { files, report } = buildMigrationFixture();
      const body = (path: string) => String(files.find((f) => f.path === path)!.body);
      return { rss: body('feed.xml'), atom: body('atom.xml'), urls: report.published.map((a) => a.url) };
    };

    itWithFeedparser.each(['rss', 'atom'] as const)('%s passes Python feedparser without the bozo flag', (format) => {
      // Prepare
      const { urls, ...feeds } = fixture();

      // Act
      const result = feedparser(feeds[format]);

      // Assess
      expect(result.bozo_exception).toBe('');
      expect(result.bozo).toBe(0);
      expect(result.entries.map((e) => e.link)).toEqual(urls);
    });

    it.each(['rss', 'atom'] as const)('%s is read by @rowanmanning/feed-parser', (format) => {
      // Prepare
      const { urls, ...feeds } = fixture();

      // Act
      const feed = parseFeed(feeds[format]);

      // Assess
      expect(feed.items.map((i) => i.url)).toEqual(urls);
      expect(feed.items.find((i) => i.url?.endsWith('/auf-deutsch/'))?.title).toBe('Feeds auf Deutsch');
      for (const item of feed.items) expect(item.content).toMatch(/<(p|ol)>/);
    });
  });

  it('keeps the title text exactly through both parsers', () => {
    // Prepare
    const title = 'Ünïcödé 🎉 & "quotes" ]]> and ]]> again';
    const feeds = buildFeeds(testSite(), [makeArticle({ title })], new Map());

    // Act
    const rss = parseFeed(feeds.rss).items[0]!.title;
    const atom = parseFeed(feeds.atom).items[0]!.title;

    // Assess
    expect(rss).toBe(title);
    expect(atom).toBe(title);
  });

  it('JSON Feed follows version 1.1', () => {
    // Act
    const json = JSON.parse(buildFeeds(testSite(), ordinaryArticles(), new Map()).json) as Record<string, unknown> & { items: Record<string, unknown>[] };

    // Assess
    expect(json).toMatchObject({ version: 'https://jsonfeed.org/version/1.1', title: 'Test Site', home_page_url: 'https://blog.example.com/', feed_url: 'https://blog.example.com/feed.json' });
    expect(json.authors).toEqual([{ name: 'Tess Author' }]);
    for (const item of json.items) {
      expect(typeof item.id).toBe('string');
      expect(typeof item.content_html).toBe('string');
      expect(item.date_published).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
      expect(Array.isArray(item.authors)).toBe(true);
      expect(item.author).toBeUndefined();
    }
  });
});
