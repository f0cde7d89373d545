import { parseFeed } from '@rowanmanning/feed-parser';
import { buildSite, type OutputFile } from '../../../lambdas/site/buildSite';
import { NEWEST_LISTED } from '../../../lambdas/site/archivePaths';
import { isFeedPath } from '../../../lambdas/site/sitePaths';
import { feedparser, itWithFeedparser } from '../../helpers/feedparser';
import { FIXED_FIRST_SEEN, testSite } from '../../helpers/siteFixture';

const NOW = new Date('2026-12-01T00:00:00Z');

/** `count` articles a day apart from 2026-01-01 (so over several months), each tagged by the caller. */
function sources(count: number, tagsOf: (i: number) => string[] = () => []) {
  return Array.from({ length: count }, (_, i) => {
    const date = new Date(Date.UTC(2026, 0, 1) + i * 5 * 86_400_000).toISOString();
    const tags = tagsOf(i);
    return { key: `posts/p${i}.md`, bytes: Buffer.from(`---\ntitle: "Post ${i}"\ndate: ${date}\n${tags.length > 0 ? `tags: [${tags.map((t) => JSON.stringify(t)).join(', ')}]\n` : ''}---\nBody of post ${i}.\n`) };
  });
}

function build(count: number, tagsOf?: (i: number) => string[]): Map<string, string> {
  const { files } = buildSite({ site: testSite(), sources: sources(count, tagsOf), now: NOW, firstSeen: FIXED_FIRST_SEEN });
  return new Map(files.map((f: OutputFile) => [f.path, String(f.body)]));
}

const links = (page: string) => [...page.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
const listed = (page: string) => [...(/<ol class="posts">([\s\S]*?)<\/ol>/.exec(page)?.[1] ?? '').matchAll(/<h2><a href="([^"]+)">/g)].map((m) => m[1]!);

describe('the archive: a home page of the newest articles and a page per month', () => {
  it('lists the newest articles on the home page and links every month, so every article is two clicks from it', () => {
    // Prepare: 40 articles five days apart, January to July
    const site = build(40);

    // Act
    const home = site.get('index.html')!;
    const monthUrls = links(home).filter((href) => /\/archive\/\d{4}\/\d{2}\/$/.test(href));
    const reached = monthUrls.flatMap((url) => listed(site.get(`${url.slice('https://blog.example.com/'.length)}index.html`)!));

    // Assess
    expect(listed(home)).toHaveLength(NEWEST_LISTED);
    expect(listed(home)[0]).toBe('https://blog.example.com/posts/p39/');
    expect(monthUrls).toEqual(['07', '06', '05', '04', '03', '02', '01'].map((m) => `https://blog.example.com/archive/2026/${m}/`));
    expect(new Set(reached)).toEqual(new Set(Array.from({ length: 40 }, (_, i) => `https://blog.example.com/posts/p${i}/`)));
    expect(reached).toHaveLength(40);
    expect(home).toContain('<dt>2026</dt>');
    expect(home).toContain('<a href="https://blog.example.com/archive/2026/01/">January</a> <span class="meta">7</span>');
  });

  it('gives each month a page, newest first, and a sitemap named by the sitemap index', () => {
    // Prepare
    const site = build(12);

    // Act
    const january = site.get('archive/2026/01/index.html')!;
    const index = site.get('sitemap.xml')!;

    // Assess
    expect(january).toContain('<title>January 2026 · Test Site</title>');
    expect(january).toContain('<h1>January 2026</h1>');
    expect(january).toContain('<p class="meta">7 articles</p>');
    expect(listed(january)).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `https://blog.example.com/posts/p${i}/`));
    expect(january).toContain('<link rel="canonical" href="https://blog.example.com/archive/2026/01/">');
    expect(index).toContain('<sitemap><loc>https://blog.example.com/archive/2026/01/sitemap.xml</loc><lastmod>2026-01-31T00:00:00.000Z</lastmod></sitemap>');
    expect(site.get('archive/2026/02/sitemap.xml')).toContain('<url><loc>https://blog.example.com/archive/2026/02/</loc>');
  });
});

describe('tag pages', () => {
  // Every article is "Feeds"; every third also "Static Sites" (written two ways) and one has a tag no URL can carry.
  const tagged = (i: number) => ['Feeds', ...(i % 3 === 0 ? [i === 0 ? 'static sites' : 'Static Sites'] : []), ...(i === 5 ? ['C#'] : [])];

  it('lists a tag\'s newest articles with its own feeds, announced for autodiscovery, and every month of its older ones', () => {
    // Act
    const site = build(30, tagged);
    const page = site.get('tags/static-sites/index.html')!;

    // Assess
    expect(page).toContain('<title>Static Sites · Test Site</title>');
    expect(page).toContain('<h1>Static Sites</h1>');
    expect(page).toContain('<link rel="alternate" type="application/rss+xml" title="Test Site: Static Sites (RSS)" href="https://blog.example.com/tags/static-sites/feed.xml">');
    expect(page).toContain('<link rel="alternate" type="application/atom+xml" title="Test Site: Static Sites (Atom)" href="https://blog.example.com/tags/static-sites/atom.xml">');
    expect(page).toContain('<link rel="alternate" type="application/feed+json" title="Test Site: Static Sites (JSON Feed)" href="https://blog.example.com/tags/static-sites/feed.json">');
    expect(page.indexOf('tags/static-sites/feed.xml')).toBeLessThan(page.indexOf('href="https://blog.example.com/feed.xml"'));
    expect(listed(page)).toEqual([27, 24, 21, 18, 15, 12, 9, 6, 3, 0].map((i) => `https://blog.example.com/posts/p${i}/`));
    expect(page).toContain('10 articles tagged “Static Sites”');
    expect(links(page)).toEqual(expect.arrayContaining(['https://blog.example.com/tags/static-sites/2026/05/', 'https://blog.example.com/tags/static-sites/2026/01/']));
    expect(listed(site.get('tags/static-sites/2026/01/index.html')!)).toEqual([6, 3, 0].map((i) => `https://blog.example.com/posts/p${i}/`));
    expect(site.get('tags/static-sites/2026/01/index.html')).toContain('<h1>Static Sites · January 2026</h1>');
    expect(listed(site.get('tags/feeds/index.html')!)).toHaveLength(NEWEST_LISTED);
    expect([...site.keys()].filter((p) => p.startsWith('tags/')).map((p) => p.split('/')[1])).toEqual(expect.not.arrayContaining(['c#']));
    expect(site.get('posts/p5/index.html')).toContain('<li><span>C#</span></li>');
  });

  it('carries the subscribe form asking for that tag\'s articles only, named as its newest article writes it', () => {
    // Act
    const page = build(4, tagged).get('tags/static-sites/index.html')!;

    // Assess
    const form = /<form class="subscribe"[\s\S]*?<\/form>/.exec(page)![0];
    expect(form).toContain('action="https://blog.example.com/api/subscribe"');
    expect(form).toContain('<label for="subscribe-email">Get new Static Sites articles by email</label>');
    expect(form).toContain('<input name="tags" type="hidden" value="Static Sites">');
    expect(form).toContain('<input id="subscribe-email" name="email" type="email"');
    expect(form).toContain('One email per new Static Sites article.');
  });

  itWithFeedparser.each(['feed.xml', 'atom.xml'])('writes %s of the tag that Python feedparser reads without the bozo flag', (file) => {
    // Act
    const result = feedparser(build(30, tagged).get(`tags/static-sites/${file}`)!);

    // Assess
    expect(result.bozo_exception).toBe('');
    expect(result.bozo).toBe(0);
    expect(result.feed).toEqual({ title: 'Test Site: Static Sites', link: 'https://blog.example.com/tags/static-sites/' });
    expect(result.entries.map((e) => e.link)).toEqual([27, 24, 21, 18, 15, 12, 9, 6, 3, 0].map((i) => `https://blog.example.com/posts/p${i}/`));
  });

  it.each(['feed.xml', 'atom.xml'])('writes %s of the tag that @rowanmanning/feed-parser reads, pointing at itself and at the site\'s stylesheet', (file) => {
    // Act
    const document = build(30, tagged).get(`tags/static-sites/${file}`)!;
    const feed = parseFeed(document);

    // Assess
    expect(feed.title).toBe('Test Site: Static Sites');
    expect(feed.url).toBe('https://blog.example.com/tags/static-sites/');
    expect(feed.self).toBe(`https://blog.example.com/tags/static-sites/${file}`);
    expect(feed.items.map((i) => i.title)).toEqual([27, 24, 21, 18, 15, 12, 9, 6, 3, 0].map((i) => `Post ${i}`));
    expect(document).toContain('<?xml-stylesheet href="../../feed.xsl" type="text/xsl"?>');
  });

  it('writes the tag\'s JSON Feed 1.1 at its own address', () => {
    // Act
    const json = JSON.parse(build(30, tagged).get('tags/feeds/feed.json')!) as { title: string; home_page_url: string; feed_url: string; items: unknown[] };

    // Assess
    expect(json).toMatchObject({ title: 'Test Site: Feeds', home_page_url: 'https://blog.example.com/tags/feeds/', feed_url: 'https://blog.example.com/tags/feeds/feed.json' });
    expect(json.items).toHaveLength(20);
  });

  it('names the feeds among the shared files, the site\'s and each tag\'s, and nothing else', () => {
    // Assess
    expect(['feed.xml', 'atom.xml', 'feed.json', 'tags/a/feed.xml', 'tags/a/atom.xml', 'tags/a/feed.json'].every(isFeedPath)).toBe(true);
    expect(['feed.xsl', 'index.html', 'posts/a/feed.xml', 'tags/a/2026/01/index.html', 'archive/2026/01/sitemap.xml'].some(isFeedPath)).toBe(false);
  });
});
