import { buildSite } from '../../../lambdas/site/buildSite';
import { FIXED_FIRST_SEEN, testSite } from '../../helpers/siteFixture';

const NOW = new Date('2026-06-01T00:00:00Z');

function source(key: string, text: string) {
  return { key, bytes: Buffer.from(text) };
}

function post(title: string, extra = '') {
  return `---\ntitle: ${title}\ndate: 2026-01-01\n${extra}---\n${title} text.\n`;
}

describe('buildSite', () => {
  it('lets the file that sorts first keep a slug and rejects the second, naming both', async () => {
    // Prepare
    const sources = [source('b/hello.md', post('B')), source('a/hello.md', post('A'))];

    // Act
    const { files, report } = await buildSite({ site: testSite(), sources, now: NOW, firstSeen: FIXED_FIRST_SEEN });

    // Assess
    expect(report.published.map((a) => a.key)).toEqual(['a/hello.md']);
    expect(report.rejected.map((e) => e.message)).toEqual(['b/hello.md: slug "hello" is already used by a/hello.md; set a different "slug" in its front matter']);
    expect(String(files.find((f) => f.path === 'posts/hello/index.html')!.body)).toContain('<h1>A</h1>');
  });

  it('resolves links between posts to the slug the target sets', async () => {
    // Prepare
    const sources = [
      source('_posts/2026-01-01-target.md', post('Target', 'slug: chosen\n')),
      source('_posts/2026-01-02-linker.md', post('Linker').replace('Linker text.', '[t]({% post_url 2026-01-01-target %})')),
    ];

    // Act
    const { report } = await buildSite({ site: testSite(), sources, now: NOW, firstSeen: FIXED_FIRST_SEEN });

    // Assess
    expect(report.published.find((a) => a.slug === 'linker')?.html).toContain('href="https://blog.example.com/posts/chosen/"');
  });

  it('counts drafts, scheduled and expired articles without publishing them', async () => {
    // Prepare
    const sources = [
      source('live.md', post('Live')),
      source('draft.md', post('Draft', 'draft: true\n')),
      source('later.md', post('Later', 'publishDate: 2027-01-01\n')),
      source('gone.md', post('Gone', 'expiryDate: 2026-02-01\n')),
      source('_index.md', post('Section')),
    ];

    // Act
    const { report } = await buildSite({ site: testSite(), sources, now: NOW, firstSeen: FIXED_FIRST_SEEN });

    // Assess
    expect(report.published.map((a) => a.slug)).toEqual(['live']);
    expect(report.skipped).toEqual({ draft: 1, scheduled: 1, expired: 1 });
  });

  it('rejects a broken article and still builds the rest', async () => {
    // Prepare
    const sources = [source('ok.md', post('Ok')), source('broken.md', '---\ntitle: x\npublishDate: nope\n---\n')];

    // Act
    const { files, report } = await buildSite({ site: testSite(), sources, now: NOW, firstSeen: FIXED_FIRST_SEEN });

    // Assess
    expect(report.rejected).toHaveLength(1);
    expect(files.map((f) => f.path)).toEqual([
      'feed.xml', 'atom.xml', 'feed.json', 'feed.xsl', 'feed-preview.js', 'index.html', '404.html', 'robots.txt', 'sitemap.xml', 'archive/sitemap.xml',
      'archive/2026/01/index.html', 'archive/2026/01/sitemap.xml', 'posts/ok/index.html',
    ]);
  });

  it('links every page to all three feeds for autodiscovery, with canonical and Open Graph tags', async () => {
    // Prepare
    const sources = [source('p.md', post('Page', 'canonicalURL: https://elsewhere.example.com/p\n'))];

    // Act
    const { files } = await buildSite({ site: testSite(), sources, now: NOW, firstSeen: FIXED_FIRST_SEEN });

    // Assess
    const page = String(files.find((f) => f.path === 'posts/p/index.html')!.body);
    expect(page).toContain('<link rel="alternate" type="application/rss+xml" title="Test Site (RSS)" href="https://blog.example.com/feed.xml">');
    expect(page).toContain('<link rel="alternate" type="application/atom+xml" title="Test Site (Atom)" href="https://blog.example.com/atom.xml">');
    expect(page).toContain('<link rel="alternate" type="application/feed+json" title="Test Site (JSON Feed)" href="https://blog.example.com/feed.json">');
    expect(page).toContain('<link rel="canonical" href="https://elsewhere.example.com/p">');
    expect(page).toContain('<meta property="og:type" content="article">');
    expect(page).toContain('<form class="subscribe" id="subscribe" method="post" action="https://blog.example.com/api/subscribe">');
    expect(page).toContain('prefers-color-scheme:dark');
    expect(page).toMatch(/<link rel="icon" href="data:image\/svg\+xml,/);
  });

  it('links each tag to its page and tells crawlers the date, tags and structured Article data', () => {
    // Prepare
    const sources = [source('p.md', post('Page', 'tags: [Static Sites, "C<T>", C++]\nimage: cover.png\n'))];

    // Act
    const { files, report } = buildSite({ site: testSite(), sources, now: NOW, firstSeen: FIXED_FIRST_SEEN });

    // Assess: a tag whose slug cannot be a URL segment is shown without a link, and the author is told why
    const page = String(files.find((f) => f.path === 'posts/p/index.html')!.body);
    expect(page).toContain('<a href="https://blog.example.com/tags/static-sites/" rel="tag">Static Sites</a>');
    expect(page).toContain('<a href="https://blog.example.com/tags/c%2B%2B/" rel="tag">C++</a>');
    expect(page).toContain('<li><span>C&lt;T&gt;</span></li>');
    expect(files.map((f) => f.path).filter((p) => p.startsWith('tags/'))).toEqual([
      'tags/static-sites/feed.xml', 'tags/static-sites/atom.xml', 'tags/static-sites/feed.json', 'tags/static-sites/index.html', 'tags/static-sites/2026/01/index.html',
      'tags/c++/feed.xml', 'tags/c++/atom.xml', 'tags/c++/feed.json', 'tags/c++/index.html', 'tags/c++/2026/01/index.html',
    ]);
    expect(report.warnings).toContainEqual({ file: 'p.md', line: 4, message: 'tag "C<T>" gets no page of its own: its URL segment "c<t>" contains "<", which a URL path cannot carry as it is; the article shows it without a link' });
    expect(page).toContain('<meta property="article:published_time" content="2026-01-01T00:00:00.000Z">');
    expect(page).toContain('<meta property="article:tag" content="Static Sites">');
    const data = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/.exec(page)![1]!) as Record<string, unknown>;
    expect(data).toMatchObject({ '@type': 'BlogPosting', headline: 'Page', datePublished: '2026-01-01T00:00:00.000Z', image: ['https://blog.example.com/posts/p/cover.png'], keywords: 'Static Sites, C<T>, C++' });
    expect(page).not.toMatch(/<script type="application\/ld\+json">[^<]*<T>/);
  });

  it('writes a styled 404 page, robots.txt naming the sitemap, and a sitemap index over the home page and each month', () => {
    // Prepare
    const sources = [source('a.md', post('A')), source('b.md', post('B'))];

    // Act
    const { files } = buildSite({ site: testSite(), sources, now: NOW, firstSeen: FIXED_FIRST_SEEN });
    const file = (path: string) => String(files.find((f) => f.path === path)!.body);

    // Assess
    expect(file('404.html')).toContain('<h1>Page not found</h1>');
    expect(file('404.html')).toContain('<title>Page not found · Test Site</title>');
    expect(file('404.html')).toContain('<meta name="robots" content="noindex">');
    expect(file('robots.txt')).toBe('User-agent: *\nDisallow: /api/\n\nSitemap: https://blog.example.com/sitemap.xml\n');
    const locs = (path: string) => [...file(path).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(file('sitemap.xml')).toContain('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(locs('sitemap.xml')).toEqual(['https://blog.example.com/archive/sitemap.xml', 'https://blog.example.com/archive/2026/01/sitemap.xml']);
    expect(locs('archive/sitemap.xml')).toEqual(['https://blog.example.com/']);
    expect(file('archive/2026/01/sitemap.xml')).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(locs('archive/2026/01/sitemap.xml')).toEqual(['https://blog.example.com/archive/2026/01/', 'https://blog.example.com/posts/a/', 'https://blog.example.com/posts/b/']);
    expect(file('archive/2026/01/sitemap.xml')).toContain('<lastmod>2026-01-01T00:00:00.000Z</lastmod>');
  });

  it('names the site once on the archive and puts the subscribe form before the list', () => {
    // Prepare
    const sources = [source('a.md', post('A'))];

    // Act
    const { files } = buildSite({ site: { ...testSite(), description: 'Notes on feeds' }, sources, now: NOW, firstSeen: FIXED_FIRST_SEEN });

    // Assess
    const index = String(files.find((f) => f.path === 'index.html')!.body);
    const main = index.slice(index.indexOf('<main'), index.indexOf('</main>'));
    expect(index).toContain('<h1 class="home"><a href="https://blog.example.com/">Test Site</a></h1>');
    expect(main).not.toContain('Test Site');
    expect(main).toContain('<p class="intro">Notes on feeds</p>');
    expect(main.indexOf('<form class="subscribe"')).toBeLessThan(main.indexOf('<ol class="posts">'));
    expect(index).not.toContain('>https://blog.example.com/feed.xml<');
  });

  it('writes a redirect page at each alias, and never over another article\'s page', async () => {
    // Prepare
    const sources = [
      source('new.md', post('New', 'aliases: [/2019/old-name/, older, /posts/other/]\n')),
      source('other.md', post('Other')),
    ];

    // Act
    const { files, report } = await buildSite({ site: testSite(), sources, now: NOW, firstSeen: FIXED_FIRST_SEEN });

    // Assess
    const redirects = files.filter((f) => f.redirectTo !== undefined);
    expect(redirects.map((f) => [f.path, f.redirectTo])).toEqual([
      ['2019/old-name/index.html', 'https://blog.example.com/posts/new/'],
      ['posts/older/index.html', 'https://blog.example.com/posts/new/'],
    ]);
    expect(String(redirects[0]!.body)).toContain('<meta http-equiv="refresh" content="0; url=https://blog.example.com/posts/new/">');
    expect(String(files.find((f) => f.path === 'posts/other/index.html')!.body)).toContain('<h1>Other</h1>');
    expect(report.warnings.map((w) => w.message)).toContain('alias posts/other/index.html ignored: another page or file is published there');
  });
});
