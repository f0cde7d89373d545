import { ArticleError } from '../../../lambdas/content/errors';
import { parseArticle } from '../../../lambdas/content/parseArticle';
import { FIXED_FIRST_SEEN, testSite } from '../../helpers/siteFixture';

function parse(key: string, text: string | Uint8Array, siteOverrides: Record<string, unknown> = {}) {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  return parseArticle({ key, bytes }, { site: testSite(siteOverrides), firstSeen: FIXED_FIRST_SEEN });
}

function rejection(key: string, text: string | Uint8Array): ArticleError {
  try {
    parse(key, text);
  } catch (error) {
    if (error instanceof ArticleError) return error;
    throw error;
  }
  throw new Error('expected the article to be rejected');
}

describe('parseArticle', () => {
  describe('broken inputs', () => {
    it.each([
      ['unclosed YAML', 'a.md', '---\ntitle: x\n\nbody\n', 1, undefined, /never closed/],
      ['YAML syntax error', 'a.md', '---\ntitle: [x\ndate: 2024-01-01\n---\nbody\n', 3, undefined, /YAML front matter/],
      ['TOML syntax error', 'a.md', '+++\ntitle = "x"\ndate = \n+++\nbody\n', 3, undefined, /TOML front matter/],
      ['publishDate "nope" (a schedule must not be guessed)', 'a.md', '---\ntitle: x\npublishDate: nope\n---\nbody\n', 3, 'publishDate', /"nope" is not a date/],
      ['impossible expiryDate', 'a.md', '---\ntitle: x\nexpiryDate: 2023-02-30\n---\nbody\n', 3, 'expiryDate', /does not exist/],
      ['a javascript: featured image', 'a.md', '---\ntitle: x\nfeaturedImage: javascript:alert(1)\n---\nbody\n', 3, 'featuredImage', /http\(s\) URL or a path/],
      ['a javascript: author url', 'a.md', '---\ntitle: x\nauthor:\n  name: A\n  url: " javascript:alert(1)"\n---\nbody\n', 3, 'author', /http\(s\) URL or a path/],
      ['a data: canonical URL', 'a.md', '---\ntitle: x\ncanonical_url: "data:text/html,<b>x</b>"\n---\nbody\n', 3, 'canonical_url', /http\(s\) URL or a path/],
      ['a body of dropped shortcodes only', 'a.md', '---\ntitle: x\n---\n{{< notice >}}\n{% include a.html %}\n', 4, undefined, /nothing is left to publish/],
      ['empty file', 'a.md', '', undefined, undefined, /file is empty/],
      ['white space only', 'a.md', ' \n\t\n', undefined, undefined, /file is empty/],
      ['front matter without a title or heading', 'a.md', '---\ndate: 2024-01-01\n---\nJust text.\n', 1, 'title', /missing/],
      ['a list instead of fields', 'a.md', '---\n- a\n- b\n---\nbody\n', 2, undefined, /"field: value" pairs/],
      ['a slug with a slash', 'a.md', '---\ntitle: x\nslug: a/b\n---\nbody\n', 3, 'slug', /must be one path segment/],
    ])('rejects %s with file, line, field and reason', (_name, key, text, line, field, reason) => {
      // Act
      const error = rejection(key, text);

      // Assess
      expect(error.file).toBe(key);
      expect(error.line).toBe(line);
      expect(error.field).toBe(field);
      expect(error.message).toMatch(reason);
    });

    it('rejects a binary file', () => {
      // Act
      const error = rejection('img.md', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]));

      // Assess
      expect(error.message).toBe('img.md: binary file (it contains NUL bytes), not markdown text');
    });

    it('rejects text that is not UTF-8, naming the line', () => {
      // Act
      const error = rejection('latin1.md', Buffer.concat([Buffer.from('Title\n\nCaf'), Buffer.from([0xe9]), Buffer.from('\n')]));

      // Assess
      expect(error.message).toBe('latin1.md:3: not UTF-8 text; save the file as UTF-8');
    });

    it('rejects a 5 MB article with both sizes in the reason', () => {
      // Prepare
      const huge = `# Big\n\n${'word '.repeat(1_000_000)}`;

      // Act
      const error = rejection('big.md', huge);

      // Assess
      expect(error.message).toBe('big.md: file is 4.8 MB, over the 1.0 MB limit for one article');
    });

    it('accepts a byte-order mark and CRLF line endings', () => {
      // Act
      const { article } = parse('win.md', '\uFEFF---\r\ntitle: Windows\r\ndate: 2024-01-02\r\n---\r\nLine one\r\nLine two\r\n');

      // Assess
      expect(article.title).toBe('Windows');
      expect(article.html).toBe('<p>Line one\nLine two</p>\n');
    });

    it('removes control characters with a warning', () => {
      // Act
      const { article, warnings } = parse('ctl.md', '---\ntitle: "Bell\u0001"\ndate: 2024-01-02\n---\nA\u000Bb\n');

      // Assess
      expect(article.title).toBe('Bell');
      expect(article.html).toBe('<p>Ab</p>\n');
      expect(warnings).toEqual([{ file: 'ctl.md', line: 2, message: 'removed 2 control character(s) that feeds cannot carry' }]);
    });

    it.each([
      ['<script>', 'Hello <script>alert(1)</script> world', /<script/],
      ['onerror=', '<img src="x.png" onerror="alert(1)">', /onerror/],
      // markdown-it leaves [click](javascript:…) as plain text; the raw <a> loses its href.
      ['javascript: links', '[click](javascript:alert(1)) <a href="javascript:alert(2)">x</a> <a href=" JaVaScRiPt:alert(3)">y</a>', /href="\s*javascript:/i],
    ])('sanitizes %s out of the HTML', (_name, body, forbidden) => {
      // Act
      const { article } = parse('x.md', `---\ntitle: X\ndate: 2024-01-01\n---\n${body}\n`);

      // Assess
      expect(article.html).not.toMatch(forbidden);
    });
  });

  describe('titles and bodies', () => {
    it('takes the title from the first line of a file without front matter and does not repeat it', () => {
      // Act
      const { article } = parse('notes/plain.md', 'A Plain Note\n\nFirst paragraph.\n\nSecond paragraph.\n');

      // Assess
      expect(article.title).toBe('A Plain Note');
      expect(article.html).toBe('<p>First paragraph.</p>\n<p>Second paragraph.</p>\n');
      expect(article.slug).toBe('plain');
    });

    it('takes the title from a leading # heading', () => {
      // Act
      const { article } = parse('h.md', '# Heading Title\n\nText.\n');

      // Assess
      expect(article.title).toBe('Heading Title');
      expect(article.html).not.toContain('Heading Title');
    });

    it('makes relative links and images absolute against the article URL', () => {
      // Act
      const { article } = parse('posts/trip/index.md', '---\ntitle: Trip\ndate: 2024-01-01\nfeaturedImage: cover.jpg\n---\n![map](map.png) [next](../other/) [top](/about/)\n');

      // Assess
      expect(article.url).toBe('https://blog.example.com/posts/trip/');
      expect(article.html).toContain('src="https://blog.example.com/posts/trip/map.png"');
      expect(article.html).toContain('href="https://blog.example.com/posts/other/"');
      expect(article.html).toContain('href="https://blog.example.com/about/"');
      expect(article.image).toBe('https://blog.example.com/posts/trip/cover.jpg');
      expect(article.bundleDir).toBe('posts/trip');
    });
  });

  describe('dates', () => {
    it('keeps the offset the author wrote', () => {
      // Act
      const { article } = parse('d.md', '---\ntitle: D\ndate: 2023-01-24T19:34:01+08:00\n---\nx\n');

      // Assess
      expect(article.date.toISOString()).toBe('2023-01-24T11:34:01.000Z');
      expect(article.offsetMinutes).toBe(480);
    });

    it('takes the date from a Jekyll file name when front matter has none', () => {
      // Act
      const { article } = parse('_posts/2016-07-26-hello-there.md', '---\ntitle: Hello\n---\nx\n');

      // Assess
      expect(article.date.toISOString()).toBe('2016-07-26T00:00:00.000Z');
      expect(article.slug).toBe('hello-there');
    });

    it('falls back to the first-seen time and says so', () => {
      // Act
      const { article, warnings } = parse('undated.md', 'Undated\n\ntext\n');

      // Assess
      expect(article.date.toISOString()).toBe('2026-03-03T03:03:03.000Z');
      expect(warnings[0]!.message).toBe('no date in front matter or file name; using its test clock, 2026-03-03T03:03:03.000Z');
    });

    it('uses lastmod as updated, and publishDate as the moment it becomes visible', () => {
      // Act
      const { article } = parse('u.md', '---\ntitle: U\ndate: 2024-01-01\nlastmod: 2024-02-01\npublishDate: 2024-01-05\nexpiryDate: 2025-01-01\n---\nx\n');

      // Assess
      expect(article.updated.toISOString()).toBe('2024-02-01T00:00:00.000Z');
      expect(article.visibleFrom.toISOString()).toBe('2024-01-05T00:00:00.000Z');
      expect(article.expires?.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    });
  });

  describe('summary', () => {
    it.each([
      ['text before <!--more-->', '---\ntitle: S\ndate: 2024-01-01\ndescription: Desc\n---\nTeaser **text**.\n\n<!--more-->\n\nRest.\n', 'Teaser text.'],
      ['description when the teaser is empty', '---\ntitle: S\ndate: 2024-01-01\ndescription: The description.\n---\n<!--more-->\n\nBody.\n', 'The description.'],
      ['the first paragraph otherwise', '---\ntitle: S\ndate: 2024-01-01\n---\nFirst `para`.\n\nSecond.\n', 'First para.'],
    ])('is the %s', (_name, text, summary) => {
      // Act
      const { article } = parse('s.md', text);

      // Assess
      expect(article.summary).toBe(summary);
    });

    it('is cut at a word boundary', () => {
      // Act
      const { article } = parse('long.md', `---\ntitle: L\ndate: 2024-01-01\n---\n${'alpha beta gamma '.repeat(40)}\n`, { summaryLength: 50 });

      // Assess
      expect(article.summary).toBe('alpha beta gamma alpha beta gamma alpha beta…');
    });

    it('keeps the front matter description apart, for the page description, when <!--more--> makes the summary', () => {
      // Act
      const { article } = parse('s.md', '---\ntitle: S\ndate: 2024-01-01\ndescription: What it is about.\n---\nTeaser.\n\n<!--more-->\n\nRest.\n');

      // Assess
      expect(article).toMatchObject({ summary: 'Teaser.', description: 'What it is about.' });
    });
  });

  describe('migrated content', () => {
    it('falls back to the file name date with a warning when the date cannot be read', () => {
      // Act
      const { article, warnings } = parse('posts/2022-11-05-note.md', '---\ntitle: N\ndate: the Tuesday after\nlastmod: sometime\n---\nBody.\n');

      // Assess
      expect(article.date.toISOString()).toBe('2022-11-05T00:00:00.000Z');
      expect(article.updated.toISOString()).toBe('2022-11-05T00:00:00.000Z');
      expect(warnings).toEqual([
        { file: 'posts/2022-11-05-note.md', line: 3, message: expect.stringMatching(/^field "date": "the Tuesday after" is not a date .*; the date comes from elsewhere$/) },
        { file: 'posts/2022-11-05-note.md', line: 4, message: expect.stringMatching(/^field "lastmod": "sometime" is not a date .*; it is ignored$/) },
      ]);
    });

    it('falls back to the first-seen time when neither the date nor the file name can say', () => {
      // Act
      const { article, warnings } = parse('posts/note.md', '---\ntitle: N\ndate: 2023-02-30\n---\nBody.\n');

      // Assess
      expect(article.date).toEqual(FIXED_FIRST_SEEN().date);
      expect(warnings.map((w) => w.message)).toEqual([
        'field "date": "2023-02-30" names a day that does not exist; the date comes from elsewhere',
        'no date in front matter or file name; using its test clock, 2026-03-03T03:03:03.000Z',
      ]);
    });

    it('resolves site paths in canonicalURL, author url and images', () => {
      // Act
      const { article } = parse('posts/p/index.md', '---\ntitle: P\ndate: 2024-01-01\ncanonicalURL: /elsewhere/\nimage: cover.png\nauthor:\n  name: A\n  url: /about/\n---\nBody.\n');

      // Assess
      expect(article).toMatchObject({
        canonicalUrl: 'https://blog.example.com/elsewhere/',
        image: 'https://blog.example.com/posts/p/cover.png',
        authors: [{ name: 'A', url: 'https://blog.example.com/about/' }],
      });
    });

    it('names the line of a reference link left without a definition', () => {
      // Act
      const { article, warnings } = parse('posts/r.md', '---\ntitle: R\ndate: 2024-01-01\n---\nIntro.\n\nFixed [#1037][].\n');

      // Assess
      expect(article.html).toBe('<p>Intro.</p>\n<p>Fixed #1037.</p>\n');
      expect(warnings).toEqual([{ file: 'posts/r.md', line: 7, message: 'reference link [#1037][] has no definition (a dropped Liquid loop may have made it); shown as plain text' }]);
    });

    it('lets {{ site.NAME }} read the siteValues setting', () => {
      // Act
      const { article } = parse('posts/v.md', '---\ntitle: V\ndate: 2024-01-01\n---\nOn {{ site.repository }} by {{ site.author }}.\n', { siteValues: { repository: 'ada/notes' } });

      // Assess
      expect(article.html).toBe('<p>On ada/notes by Tess Author.</p>\n');
    });
  });
});
