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
  it('lets the file that sorts first keep a slug and rejects the second, naming both', () => {
    // Prepare
    const sources = [source('b/hello.md', post('B')), source('a/hello.md', post('A'))];

    // Act
    const { files, report } = buildSite({ site: testSite(), sources, now: NOW, firstSeen: FIXED_FIRST_SEEN });

    // Assess
    expect(report.published.map((a) => a.key)).toEqual(['a/hello.md']);
    expect(report.rejected.map((e) => e.message)).toEqual(['b/hello.md: slug "hello" is already used by a/hello.md; set a different "slug" in its front matter']);
    expect(files.find((f) => f.path === 'posts/hello/index.html')?.body).toContain('<h1>A</h1>');
  });

  it('resolves links between posts to the slug the target sets', () => {
    // Prepare
    const sources = [
      source('_posts/2026-01-01-target.md', post('Target', 'slug: chosen\n')),
      source('_posts/2026-01-02-linker.md', post('Linker').replace('Linker text.', '[t]({% post_url 2026-01-01-target %})')),
    ];

    // Act
    const { report } = buildSite({ site: testSite(), sources, now: NOW, firstSeen: FIXED_FIRST_SEEN });

    // Assess
    expect(report.published.find((a) => a.slug === 'linker')?.html).toContain('href="https://blog.example.com/posts/chosen/"');
  });

  it('counts drafts, scheduled and expired articles without publishing them', () => {
    // Prepare
    const sources = [
      source('live.md', post('Live')),
      source('draft.md', post('Draft', 'draft: true\n')),
      source('later.md', post('Later', 'publishDate: 2027-01-01\n')),
      source('gone.md', post('Gone', 'expiryDate: 2026-02-01\n')),
      source('_index.md', post('Section')),
    ];

    // Act
    const { report } = buildSite({ site: testSite(), sources, now: NOW, firstSeen: FIXED_FIRST_SEEN });

    // Assess
    expect(report.published.map((a) => a.slug)).toEqual(['live']);
    expect(report.skipped).toEqual({ draft: 1, scheduled: 1, expired: 1 });
  });

  it('rejects a broken article and still builds the rest', () => {
    // Prepare
    const sources = [source('ok.md', post('Ok')), source('broken.md', '---\ntitle: x\npublishDate: nope\n---\n')];

    // Act
    const { files, report } = buildSite({ site: testSite(), sources, now: NOW, firstSeen: FIXED_FIRST_SEEN });

    // Assess
    expect(report.rejected).toHaveLength(1);
    expect(files.map((f) => f.path)).toEqual(['feed.xml', 'atom.xml', 'feed.json', 'feed.xsl', 'index.html', 'posts/ok/index.html']);
  });

  it('links every page to all three feeds for autodiscovery, with canonical and Open Graph tags', () => {
    // Prepare
    const sources = [source('p.md', post('Page', 'canonicalURL: https://elsewhere.example.com/p\n'))];

    // Act
    const { files } = buildSite({ site: testSite(), sources, now: NOW, firstSeen: FIXED_FIRST_SEEN });

    // Assess
    const page = String(files.find((f) => f.path === 'posts/p/index.html')!.body);
    expect(page).toContain('<link rel="alternate" type="application/rss+xml" title="Test Site (RSS)" href="https://blog.example.com/feed.xml">');
    expect(page).toContain('<link rel="alternate" type="application/atom+xml" title="Test Site (Atom)" href="https://blog.example.com/atom.xml">');
    expect(page).toContain('<link rel="alternate" type="application/feed+json" title="Test Site (JSON Feed)" href="https://blog.example.com/feed.json">');
    expect(page).toContain('<link rel="canonical" href="https://elsewhere.example.com/p">');
    expect(page).toContain('<meta property="og:type" content="article">');
    expect(page).toContain('<form class="subscribe" method="post" action="https://blog.example.com/api/subscribe">');
    expect(page).toContain('prefers-color-scheme:dark');
  });
});
