import { newsletterConfigFrom } from '../../../lambdas/config/newsletterConfig';
import type { Article } from '../../../lambdas/content/article';
import { personalise, renderNewsletter, type Newsletter } from '../../../lambdas/newsletter/renderNewsletter';
import type { BuiltSite } from '../../../lambdas/site/buildSite';
import { buildMigrationFixture, migrationSite as site } from '../../helpers/migrationFixture';
import { childNamed, childrenNamed, parseXml, type XmlNode } from '../../helpers/parseXml';

let built: BuiltSite | undefined;
// Built once: every test only reads the result.
function fixtureSite(): BuiltSite {
  built ??= buildMigrationFixture();
  return built;
}

function article(slug: string): Article {
  const found = fixtureSite().report.published.find((a) => a.slug === slug);
  if (!found) throw new Error(`no published fixture ${slug}`);
  return found;
}

/** The article's HTML as each reader gets it: on its page, in each feed, in both parts of the mail. */
interface Renditions {
  readonly page: string;
  readonly rss: XmlNode;
  readonly atom: XmlNode;
  readonly json: Record<string, unknown> & { content_html: string };
  readonly mail: Newsletter;
}

function renditions(slug: string): Renditions {
  const { files } = fixtureSite();
  const file = (path: string) => String(files.find((f) => f.path === path)!.body);
  const url = article(slug).url;
  const page = /<article>([\s\S]*)<\/article>/.exec(file(`posts/${slug}/index.html`))![1]!;
  const rss = childrenNamed(childNamed(parseXml(file('feed.xml')), 'channel'), 'item').find((i) => childNamed(i, 'link').text === url)!;
  const atom = childrenNamed(parseXml(file('atom.xml')), 'entry').find((e) => childNamed(e, 'id').text === url)!;
  const json = (JSON.parse(file('feed.json')) as { items: Renditions['json'][] }).items.find((i) => i.id === url)!;
  const mail = personalise(renderNewsletter(site(), newsletterConfigFrom({}, site()), article(slug)), { unsubscribeUrl: 'https://blog.example.com/api/unsubscribe?token=t', preferencesUrl: 'https://blog.example.com/api/preferences?token=p' });
  return { page, rss, atom, json, mail };
}

// The article HTML in the three feeds and the mail, where the same fragment must appear.
function everyHtml(r: Renditions): string[] {
  return [r.page, childNamed(r.rss, 'content:encoded').text, childNamed(r.atom, 'content').text, r.json.content_html, r.mail.html];
}

describe('a Hugo or Jekyll blog moved in unchanged (test/fixtures/migration)', () => {
  it('renders footnotes with kramdown and Hugo ids on the page, in every feed and in both mail parts', () => {
    // Act
    const r = renditions('pinning-the-toolchain');

    // Assess
    for (const html of everyHtml(r)) {
      expect(html).toMatch(/<sup class="footnote-ref"><a class="footnote-ref[^"]*" href="https:\/\/blog\.example\.com\/posts\/pinning-the-toolchain\/#fn:march" id="fnref:march"[^>]*>\[1\]<\/a><\/sup>/);
      expect(html).toMatch(/<li id="fn:march" class="footnote-item"[^>]*><p[^>]*>The last one was a new lint/);
      expect(html).not.toContain('[^');
    }
    expect(r.mail.text).toMatch(/into an error\.\[1\] Pinning the\s+toolchain/);
    expect(r.mail.text).toMatch(/1\. The last one was a new lint on unused imports in generated code\.\n/);
    expect(r.mail.text).not.toMatch(/\[1\]\s*\[https/); // the mark's fragment link only works on the web page
  });

  it('gives headings GitHub-style ids, honours {#id}, and links to them', () => {
    // Act
    const r = renditions('pinning-the-toolchain');

    // Assess
    for (const html of everyHtml(r)) {
      expect(html).toMatch(/<h2 id="pinned"[^>]*>What we pinned<\/h2>/);
      expect(html).toMatch(/<h2 id="what-we-pinned"[^>]*>What we pinned<\/h2>/);
      expect(html).toContain('href="https://blog.example.com/posts/pinning-the-toolchain/#pinned"');
    }
  });

  it('highlights Go, Python and Ruby: classes on the page, inline colours in feeds and mail, plain for unknown languages', () => {
    // Act
    const r = renditions('highlighting');

    // Assess
    expect(r.page).toContain('<pre><code class="language-go"><span class="hl-comment">// Load reads the file once at start-up.</span>');
    expect(r.page).toContain('<pre><code class="language-python"><span class="hl-keyword">def</span> <span class="hl-title">load</span>');
    expect(r.page).toContain('<pre><code class="language-ruby"><span class="hl-comment"># Loads the file once at start-up.</span>');
    expect(r.page).toContain('<pre><code class="language-brainfuck">++++[&gt;++++&lt;-]&gt;.\n</code></pre>');
    for (const html of everyHtml(r).slice(1, -1)) {
      expect(html).toContain('<span style="color:#7a7f87;font-style:italic">// Load reads the file once at start-up.</span>');
      expect(html).toMatch(/<span style="color:#d23c4a">def<\/span> <span style="color:#8a5cd1">load<\/span>/);
      expect(html).not.toContain('class="hl-');
    }
    // The mail can switch palettes with the reader's colour scheme: the site's light colours inline, its dark ones by class.
    expect(r.mail.html).toContain('<span class="hl-comment" style="color:#57606a;font-style:italic">// Load reads the file once at start-up.</span>');
    expect(r.mail.html).toMatch(/<span class="hl-keyword" style="color:#cf222e">def<\/span> <span class="hl-title" style="color:#8250df">load<\/span>/);
    expect(r.mail.html).toContain('.hl-keyword{color:#ff7b72 !important}');
    expect(r.mail.text).toContain('def load(path: str) -> dict:');
  });

  it('turns GitHub emoji shortcodes into emoji, but not in code or unknown names', () => {
    // Act
    const r = renditions('release-party');

    // Assess
    for (const html of everyHtml(r)) expect(html).toMatch(/today 🎉 Thanks to everyone who tested the betas 👍<\/p>/);
    expect(r.page).toContain('<code>:shipit:</code>');
    expect(r.page).toContain('as does :not_an_emoji:');
    expect(r.mail.text).toContain('today 🎉 Thanks');
    expect(r.json.summary).toBe('Version 2 shipped today 🎉 Thanks to everyone who tested the betas 👍');
  });

  it.each([
    ['Jekyll export with a repeated year', 'exported-from-jekyll', '2023-01-30T02:30:22.000Z'],
    ['RFC 1123, as Hugo reads it', 'hugo-rfc1123-date', '2006-01-02T22:04:05.000Z'],
    ['an unreadable date, from the file name', 'a-date-nobody-reads', '2022-11-05T00:00:00.000Z'],
    ['a TOML date', 'highlighting', '2023-03-14T08:00:00.000Z'],
  ])('reads the date of %s', (_name, slug, iso) => {
    // Act
    const r = renditions(slug);

    // Assess
    expect(article(slug).date.toISOString()).toBe(iso);
    // The feeds write the moment in the article's own offset: the same instant.
    expect(Date.parse(childNamed(r.atom, 'published').text)).toBe(Date.parse(iso));
    expect(Date.parse(childNamed(r.rss, 'pubDate').text)).toBe(Date.parse(iso));
    expect(Date.parse(String(r.json.date_published))).toBe(Date.parse(iso));
  });

  it('keeps the lastmod written in Go\'s own time format', () => {
    // Act & Assess
    expect(childNamed(renditions('hugo-rfc1123-date').atom, 'updated').text).toBe('2006-01-03T10:00:00.000-07:00');
  });

  it('splits space-separated Jekyll tags and keeps a singular category whole', () => {
    // Act
    const r = renditions('upgrading-rails');

    // Assess
    expect(childrenNamed(r.rss, 'category').map((c) => c.text)).toEqual(['Field notes', 'ruby', 'rails', 'upgrades']);
    expect(childrenNamed(r.atom, 'category').map((c) => c.attributes.term)).toEqual(['Field notes', 'ruby', 'rails', 'upgrades']);
    expect(r.json.tags).toEqual(['Field notes', 'ruby', 'rails', 'upgrades']);
    expect(r.page).toContain('<li><a href="https://blog.example.com/tags/ruby/" rel="tag">ruby</a></li><li><a href="https://blog.example.com/tags/rails/" rel="tag">rails</a></li>');
  });

  it('drops {% raw %} markers and Hugo escapes inside code, keeping the code itself', () => {
    // Act
    const r = renditions('liquid-in-code');

    // Assess
    for (const html of everyHtml(r)) {
      // The mail writes "{{" as "&#123;{" so SES's template engine leaves it alone.
      expect(html).toMatch(/write <code[^>]*>(\{|&#123;)\{ layout \}\}<\/code> in the/);
      expect(html).toContain('{% for post in site.posts %}');
      expect(html).toMatch(/<code[^>]*>(\{|&#123;)\{&lt; figure src="a.png" &gt;\}\}<\/code>/);
      expect(html).not.toContain('raw %}');
    }
    expect(r.mail.text).toContain('write {{ layout }} in the');
  });

  it('keeps table rows indented deeper than their header in the table', () => {
    // Act
    const r = renditions('indented-table');

    // Assess
    for (const html of everyHtml(r)) {
      expect(html).toMatch(/<td[^>]*>sessions<\/td>\s*<td[^>]*>in memory<\/td>/);
      expect(html).toMatch(/<td[^>]*>rendered pages<\/td>\s*<td[^>]*>CDN<\/td>/);
      expect(html).not.toContain('<pre');
    }
    expect(r.mail.text).toMatch(/sessions\s+in memory/);
  });

  it('renders every Hugo built-in shortcode, remote embeds as links', () => {
    // Act
    const r = renditions('every-shortcode');

    // Assess
    for (const html of everyHtml(r)) {
      expect(html).toMatch(/We gave the talk at FeedConf 2023 in Hall B; the slides\s+are on our slides site\./);
      for (const link of [
        'https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://vimeo.com/146022717', 'https://vimeo.com/55073825',
        'https://x.com/feedconf/status/1453110110599868418', 'https://x.com/feedconf/status/1453110110599868419', 'https://x.com/feedconf/status/1453110110599868420',
        'https://www.instagram.com/p/CxOWiQNP2MO/', 'https://gist.github.com/feedconf/7a2f3c0d9e1b#file-talk-notes-md',
        'https://blog.example.com/posts/pinning-the-toolchain/#pinned',
      ]) expect(html).toContain(`href="${link}"`);
      expect(html).toMatch(/<figure[^>]*><img src="https:\/\/blog\.example\.com\/img\/stage\.png" alt="The stage"[^>]*><figcaption[^>]*>Hall B, ten minutes before<\/figcaption><\/figure>/);
      expect(html).toMatch(/<details>\s*<summary>What we left out<\/summary>\s*<p[^>]*>The benchmark numbers/);
      expect(html).not.toContain('Remember to add the recording link');
      expect(html).not.toMatch(/\{\{[<%]/);
    }
    expect(r.mail.text).toContain('Watch on YouTube [https://www.youtube.com/watch?v=dQw4w9WgXcQ]');
  });

  it('fills in site.* values from the siteValues setting and removes references a dropped loop left', () => {
    // Act
    const r = renditions('release-notes');

    // Assess
    for (const html of everyHtml(r)) {
      expect(html).toContain('<a href="https://github.com/herald-dev/herald"');
      expect(html).toContain('>GitHub</a>, as herald-dev/herald.');
      expect(html).toMatch(/Fixes reported in #1037 and #1041, and/);
      expect(html).toMatch(/<img src="https:\/\/blog\.example\.com\/img\/logo\.png" alt="Logo"/);
      expect(html).not.toMatch(/\{\{|\{%|\]\[/);
    }
  });

  it('links dead references where the post would be, and warns', () => {
    // Act
    const r = renditions('dead-references');

    // Assess
    for (const html of everyHtml(r)) {
      expect(html).toContain('href="https://blog.example.com/posts/gone/"');
      expect(html).toContain('href="https://blog.example.com/posts/release-party/"');
    }
  });

  it('summarises an image-first post by its first text, and a heading-first post without the heading', () => {
    // Act
    const imageFirst = renditions('image-first');
    const headingFirst = renditions('heading-first');

    // Assess
    const imageSummary = 'Markdown goes in on the left, feeds and mail come out on the right.';
    expect(imageFirst.json.summary).toBe(imageSummary);
    expect(childNamed(imageFirst.rss, 'description').text).toBe(imageSummary);
    expect(childNamed(imageFirst.atom, 'summary').text).toBe(imageSummary);
    expect(imageFirst.mail.html).toContain(`${imageSummary}&#8199;`);
    expect(imageFirst.page).toContain('<img src="https://blog.example.com/posts/image-first/pipeline.svg" alt="The pipeline"');
    expect(headingFirst.json.summary).toBe('The archive shows a summary for every post.');
    expect(childNamed(headingFirst.atom, 'summary').text).toBe('The archive shows a summary for every post.');
  });

  it('uses the front matter description for the page\'s description and link previews even with <!--more-->', () => {
    // Act
    const page = String(fixtureSite().files.find((f) => f.path === 'posts/heading-first/index.html')!.body);

    // Assess
    expect(page).toContain('<meta name="description" content="How the archive page decides what to show for each post.">');
    expect(page).toContain('<meta property="og:description" content="How the archive page decides what to show for each post.">');
  });

  it('keeps <script> in an inline-code summary as text in every format', () => {
    // Act
    const r = renditions('script-summary');

    // Assess
    const summary = 'A <script> tag written into a page by a template is blocked unless its hash is listed.';
    expect(r.json.summary).toBe(summary);
    expect(childNamed(r.atom, 'summary')).toMatchObject({ text: summary, attributes: { type: 'text' } });
    expect(childNamed(r.rss, 'description').text).toBe('A &lt;script&gt; tag written into a page by a template is blocked unless its hash is listed.');
    expect(r.mail.html).toContain('A &lt;script&gt; tag written');
    expect(r.mail.html).not.toContain('<script');
    expect(String(fixtureSite().files.find((f) => f.path === 'index.html')!.body)).toContain('A &lt;script&gt; tag written');
  });

  it('carries the language and subtitle of a German post into every format', () => {
    // Act
    const r = renditions('auf-deutsch');

    // Assess
    expect(r.atom.attributes['xml:lang']).toBe('de');
    expect(childNamed(r.rss, 'dc:language').text).toBe('de');
    expect(r.json.language).toBe('de');
    expect(childNamed(r.atom, 'title')).toMatchObject({ text: 'Feeds auf Deutsch', attributes: { type: 'text' } });
    for (const html of everyHtml(r).slice(1, 4)) expect(html).toMatch(/^<p><em>Eine kurze Anleitung<\/em><\/p>/);
    expect(r.page).toContain('<p class="subtitle">Eine kurze Anleitung</p>');
    expect(r.mail.html).toContain('>Eine kurze Anleitung</p>');
    expect(r.mail.text).toMatch(/^Feeds auf Deutsch\nEine kurze Anleitung\n/);
    expect(r.mail.html).toContain('<html lang="de">');
  });

  it('publishes every fixture and names each warning with its file and line', () => {
    // Act
    const { report } = fixtureSite();

    // Assess
    expect(report.rejected).toEqual([]);
    expect(report.published).toHaveLength(16);
    expect(report.warnings.map((w) => `${w.file}:${w.line ?? ''}: ${w.message}`)).toEqual([
      'posts/2021-03-04-release-notes.md:11: Liquid "for" block dropped with its content',
      'posts/2021-03-04-release-notes.md:15: Liquid output "site.release_manager" dropped: the site has no value "release_manager" (give it in the "siteValues" setting)',
      'posts/2021-03-04-release-notes.md:7: reference link [#1037][] has no definition (a dropped Liquid loop may have made it); shown as plain text',
      'posts/2021-03-04-release-notes.md:7: reference link [#1041][] has no definition (a dropped Liquid loop may have made it); shown as plain text',
      'posts/2022-11-05-a-date-nobody-reads.md:3: field "date": "the Tuesday after the conference" is not a date (use 2024-05-01, 2024-05-01T09:30:00+02:00 or 2024-05-01 09:30:00 +0200); the date comes from elsewhere',
      'posts/every-shortcode.md:39: unsupported Hugo shortcode "notice" dropped',
      'posts/dead-references.md:6: links to https://blog.example.com/posts/gone/, but the site has no /posts/gone/',
      'posts/dead-references.md:6: links to https://blog.example.com/posts/missing/, but the site has no /posts/missing/',
      'posts/dead-references.md:7: links to https://blog.example.com/posts/missing/, but the site has no /posts/missing/',
    ]);
  });
});
