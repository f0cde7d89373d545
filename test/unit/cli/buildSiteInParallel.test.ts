import { join } from 'node:path';
import { buildSiteInParallel } from '../../../cli/buildSiteInParallel';
import { firstSeenTimes } from '../../../cli/firstSeenTimes';
import { readContentTree } from '../../../cli/readContentTree';
import { buildSite } from '../../../lambdas/site/buildSite';
import { testSite } from '../../helpers/siteFixture';
import { tempDir, type TempDir } from '../../helpers/tempDir';

jest.setTimeout(30_000);

// Every path through parsing and rendering: dated, undated (first-seen time), a declared slug another post
// links to, a draft, a scheduled post, a rejected file, a page bundle with an asset, a static file, a link to a
// file the site will not have, TOML and JSON front matter, highlighted code, footnotes, emoji, a table,
// raw HTML (sanitized in full) and none (sanitized in place), an alias. The posts spread over six months
// (more than the home page lists, so older ones are only on month pages) and three tags, one with a space, so
// every worker contributes to the same month and tag pages.
function writeContent(dir: TempDir): void {
  for (let i = 0; i < 24; i++) {
    const date = `2025-${String(7 + (i % 6)).padStart(2, '0')}-${String(1 + i).padStart(2, '0')}T10:00:00+02:00`;
    dir.write(`content/posts/p${String(i).padStart(2, '0')}.md`, `---\ntitle: "Post ${i}"\ndate: ${date}\ntags: [${['t0', 't1', 'Deep Dives'][i % 3]}]\n---\nText of post ${i} with a [link](https://example.com/${i}).\n\n<!--more-->\n\nMore of ${i}, see {{< ref "renamed" >}}.\n\n\`\`\`ts\nconst n: number = ${i}; // "quoted"\n\`\`\`\n\nA note[^1] :tada:\n\n| a | b |\n| :-- | --: |\n| ${i} | x |\n\n[^1]: The note.\n`);
  }
  dir.write('content/posts/renamed.md', '---\ntitle: Renamed\nslug: chosen-slug\ndate: 2026-02-01\n---\nBody.\n');
  dir.write('content/posts/undated.md', '# Undated\n\nNo date anywhere.\n');
  dir.write('content/posts/draft.md', '---\ntitle: Draft\ndate: 2026-02-02\ndraft: true\n---\nDraft.\n');
  dir.write('content/posts/later.md', '---\ntitle: Later\ndate: 2099-01-01\n---\nLater.\n');
  dir.write('content/posts/broken.md', '---\ntitle: [unclosed\n---\nBroken.\n');
  dir.write('content/posts/bundle/index.md', '---\ntitle: Bundle\ndate: 2026-02-03\nimage: cover.png\n---\n![cover](cover.png)\n');
  dir.write('content/posts/bundle/cover.png', new Uint8Array([137, 80, 78, 71]));
  dir.write('content/posts/toml.md', '+++\ntitle = "Toml"\ndate = 2026-02-04\n+++\nToml.\n');
  dir.write('content/posts/dead-link.md', '---\ntitle: Dead link\ndate: 2026-02-06\n---\nSee ![gone](/img/gone.png).\n');
  dir.write('content/img/kept.png', new Uint8Array([1, 2, 3]));
  dir.write('content/posts/raw-html.md', '---\ntitle: Raw HTML\ndate: 2026-02-07\naliases: [/old/raw/]\n---\n<figure><img src="pic.png" onerror="x()"><figcaption>Caption</figcaption></figure>\n\n<script>alert(1)</script>\n');
  dir.write('content/posts/json.md', '{\n"title": "Json",\n"date": "2026-02-05"\n}\nJson.\n');
}

describe('buildSiteInParallel', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  it.each([1, 3])('gives the files and report of a single-threaded build, byte for byte, on %i thread(s)', async (threads) => {
    // Prepare
    writeContent(dir);
    const contentRoot = join(dir.path, 'content');
    const site = testSite();
    const input = { site, sources: readContentTree(contentRoot, site).files, now: new Date('2030-01-01T00:00:00Z') };

    // Act
    const single = buildSite({ ...input, firstSeen: firstSeenTimes(contentRoot) });
    const parallel = await buildSiteInParallel({ ...input, contentRoot, threads });

    // Assess
    expect(parallel.timings.threads).toBe(threads);
    expect(parallel.files.map((f) => f.path)).toEqual(single.files.map((f) => f.path));
    for (const [i, file] of parallel.files.entries()) expect(Buffer.from(file.body).equals(Buffer.from(single.files[i]!.body))).toBe(true);
    expect(parallel.report.published).toEqual(single.report.published);
    expect(parallel.report.skipped).toEqual({ draft: 1, scheduled: 1, expired: 0 });
    expect(parallel.report.warnings).toEqual(single.report.warnings);
    expect(parallel.report.warnings.map((w) => w.file)).toEqual(expect.arrayContaining(['posts/undated.md', 'posts/dead-link.md']));
    expect(parallel.report.rejected.map((e) => [e.name, e.message])).toEqual(single.report.rejected.map((e) => [e.name, e.message]));
    expect(parallel.report.rejected.map((e) => e.file)).toEqual(['posts/broken.md']);
    // The pages came out of the workers rendered, highlighted and sanitized both ways.
    const page = (path: string) => Buffer.from(parallel.files.find((f) => f.path === path)!.body).toString();
    expect(page('posts/p23/index.html')).toMatch(/<span class="hl-keyword">const<\/span>[\s\S]*class="footnote-ref"[\s\S]*🎉[\s\S]*<th style="text-align:left">/);
    expect(page('posts/raw-html/index.html')).toContain('<figure><img src="https://blog.example.com/posts/raw-html/pic.png" /><figcaption>');
    expect(page('posts/raw-html/index.html')).not.toMatch(/onerror|<script>alert/);
    expect(parallel.files.find((f) => f.path === 'old/raw/index.html')?.redirectTo).toBe('https://blog.example.com/posts/raw-html/');
    // The month and tag pages, their feeds and the sitemaps list what the workers parsed.
    const paths = parallel.files.map((f) => f.path);
    for (const month of ['07', '08', '09', '10', '11', '12']) expect(paths).toEqual(expect.arrayContaining([`archive/2025/${month}/index.html`, `archive/2025/${month}/sitemap.xml`]));
    expect(paths).toEqual(expect.arrayContaining(['archive/2026/02/index.html', 'archive/sitemap.xml', 'sitemap.xml']));
    const posts = (path: string) => [...page(path).matchAll(/>Post (\d+)</g)].map((m) => Number(m[1]));
    expect(posts('archive/2025/07/index.html')).toEqual([18, 12, 6, 0]);
    // The home page's 20 newest: seven 2026 articles, then the newest thirteen posts.
    expect(posts('index.html')).toEqual([23, 17, 11, 5, 22, 16, 10, 4, 21, 15, 9, 3, 20]);
    expect(page('archive/2025/07/sitemap.xml')).toContain('https://blog.example.com/posts/p18/');
    expect(page('sitemap.xml')).toContain('https://blog.example.com/archive/2025/12/sitemap.xml');
    for (const tag of ['t0', 't1', 'deep-dives']) {
      expect(paths).toEqual(expect.arrayContaining(['index.html', 'feed.xml', 'atom.xml', 'feed.json'].map((name) => `tags/${tag}/${name}`)));
    }
    expect(page('tags/deep-dives/feed.xml')).toContain('<title>Post 23</title>');
    expect(page('tags/deep-dives/feed.xml')).not.toContain('<title>Post 22</title>');
    expect(posts('tags/t0/2025/10/index.html')).toEqual([21, 15, 9, 3]);
    expect(posts('tags/deep-dives/index.html')).toEqual([23, 17, 11, 5, 20, 14, 8, 2]);
  });
});
