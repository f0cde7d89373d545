import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../cli/main';
import { captureOutput } from '../../helpers/captureOutput';
import { article } from '../../helpers/emulatorHarness';
import { listFiles } from '../../helpers/listFiles';
import { tempDir, type TempDir } from '../../helpers/tempDir';

const GiB = 1024 ** 3;

// A file of `size` bytes that takes no disk space and no time to make.
function sparse(path: string, size: number): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const fd = openSync(path, 'w');
  try {
    ftruncateSync(fd, size);
  } finally {
    closeSync(fd);
  }
}

describe('herald build keeps every write in its place', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  const content = () => join(dir.path, 'content');
  const public_ = (path = '') => join(dir.path, 'public', path);
  const build = async (...flags: string[]) => {
    const out = captureOutput();
    const code = await main(['build', '--content', content(), '--out', public_(), '--site-url', 'https://blog.example.com/', '--config', join(dir.path, 'none.json'), ...flags], out);
    return { code, out, errors: out.stderr.filter((l) => l.startsWith('error:')), warnings: out.stderr.filter((l) => l.startsWith('warning:')) };
  };

  describe('slugs from file and folder names (issue #11, item 5)', () => {
    it('rejects posts/2026-03-05-...md (slug "..") instead of writing its page over OUT/index.html', async () => {
      // Prepare
      dir.write('content/posts/2026-03-05-...md', article('Dots'));
      dir.write('content/posts/good.md', article('Good'));

      // Act
      const { code, errors } = await build();

      // Assess
      expect(code).toBe(1);
      expect(errors).toEqual([expect.stringMatching(/^error: posts\/2026-03-05-\.\.\.md: the slug "\.\." that its file name gives is only dots/)]);
      expect(readFileSync(public_('index.html'), 'utf8')).toContain('Good');
      expect(readFileSync(public_('index.html'), 'utf8')).not.toContain('Dots body text');
      expect(listFiles(public_())).toEqual(['404.html', 'archive/2026/05/index.html', 'archive/2026/05/sitemap.xml', 'archive/sitemap.xml', 'atom.xml', 'feed-preview.js', 'feed.json', 'feed.xml', 'feed.xsl', 'index.html', 'posts/good/index.html', 'robots.txt', 'sitemap.xml', 'xslt-processor.js']);
    });

    it('rejects the bundle posts/2026-03-06-../ and never lets its feed.xml replace the site feed', async () => {
      // Prepare
      dir.write('content/posts/2026-03-06-../index.md', article('Bundle of dots'));
      dir.write('content/posts/2026-03-06-../feed.xml', '<rss>not the site feed</rss>');
      dir.write('content/posts/good.md', article('Good'));

      // Act
      const { code, errors } = await build();

      // Assess
      expect(code).toBe(1);
      expect(errors).toEqual([expect.stringMatching(/^error: posts\/2026-03-06-\.\.\/index\.md: the slug "\.\." that its folder name gives is only dots.*rename the folder/)]);
      const feed = readFileSync(public_('feed.xml'), 'utf8');
      expect(feed).toMatch(/^<\?xml/);
      expect(feed).toContain('Good');
      expect(feed).not.toContain('not the site feed');
    });

    it('rejects posts/2026-03-03-.md (empty slug), naming the file', async () => {
      // Prepare
      dir.write('content/posts/2026-03-03-.md', article('Empty'));

      // Act
      const { code, errors } = await build();

      // Assess
      expect(code).toBe(1);
      expect(errors).toEqual(['error: posts/2026-03-03-.md: the slug "" that its file name gives is empty; rename the file or set "slug" in the front matter']);
      expect(listFiles(public_())).not.toContain('posts/index.html');
    });

    it('rejects a front matter slug that is a root file name, naming the field and line', async () => {
      // Prepare
      dir.write('content/a.md', article('A', '2026-05-01T10:00:00Z', 'slug: feed.xml\n'));

      // Act
      const { errors } = await build();

      // Assess
      expect(errors).toEqual(['error: a.md:4: field "slug": "feed.xml" is a name the site root uses (feed.xml)']);
    });
  });

  describe('--out and --content (item 8)', () => {
    it.each([
      ['the content folder itself', 'content', /--out ".*content" is the content folder/],
      ['a folder inside it', 'content/posts', /--out ".*content\/posts" lies inside the content folder/],
      ['a folder that contains it', '.', /--out ".*" contains the content folder/],
    ])('refuses an --out that is %s, with exit 2 and the sources untouched', async (_name, out, message) => {
      // Prepare
      dir.write('content/posts/a.md', article('A'));
      const captured = captureOutput();

      // Act
      const code = await main(['build', '--content', content(), '--out', join(dir.path, out), '--config', join(dir.path, 'none.json')], captured);

      // Assess
      expect(code).toBe(2);
      expect(captured.stderr.join('\n')).toMatch(message);
      expect(listFiles(content())).toEqual(['posts/a.md']);
    });

    it('sees through a symlink to the content folder', async () => {
      // Prepare
      dir.write('content/posts/a.md', article('A'));
      symlinkSync(content(), join(dir.path, 'alias'));
      const captured = captureOutput();

      // Act
      const code = await main(['build', '--content', content(), '--out', join(dir.path, 'alias', 'site'), '--config', join(dir.path, 'none.json')], captured);

      // Assess
      expect(code).toBe(2);
      expect(captured.stderr.join('\n')).toMatch(/lies inside the content folder/);
      expect(existsSync(join(content(), 'site'))).toBe(false);
    });
  });

  describe('file sizes (item 10)', () => {
    it('refuses a 1 GiB sparse article from its size alone, and still writes the rest', async () => {
      // Prepare
      sparse(join(content(), 'posts/huge.md'), GiB);
      dir.write('content/posts/small.md', article('Small'));
      const rssBefore = process.memoryUsage().rss;

      // Act
      const { code, errors } = await build();

      // Assess: reading it would have taken a gigabyte of memory
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 1024 ** 2);
      expect(code).toBe(1);
      expect(errors).toEqual(['error: posts/huge.md: file is 1024.0 MB, over the 1.0 MB limit for one article (maxArticleBytes)']);
      expect(listFiles(public_())).toContain('posts/small/index.html');
    });

    it('refuses a page-bundle file over 2 GiB without stopping the build', async () => {
      // Prepare
      dir.write('content/posts/film/index.md', article('Film', '2026-05-01T10:00:00Z', 'featuredImage: poster.png\n'));
      dir.write('content/posts/film/poster.png', 'png');
      sparse(join(content(), 'posts/film/film.mkv'), 2 * GiB + 1);
      dir.write('content/posts/other.md', article('Other'));

      // Act
      const { code, errors } = await build();

      // Assess
      expect(code).toBe(1);
      expect(errors).toEqual(['error: posts/film/film.mkv: file is 2048.0 MB, over the 100.0 MB limit for one file (maxFileBytes)']);
      expect(listFiles(public_())).toEqual(expect.arrayContaining(['posts/film/index.html', 'posts/film/poster.png', 'posts/other/index.html']));
      expect(listFiles(public_())).not.toContain('posts/film/film.mkv');
    });

    it('applies maxFileBytes from the settings to static files', async () => {
      // Prepare
      dir.write('settings.json', JSON.stringify({ context: { maxFileBytes: 2048 } }));
      dir.write('content/img/big.png', Buffer.alloc(4096));
      dir.write('content/img/fits.png', Buffer.alloc(1024));
      const out = captureOutput();

      // Act
      const code = await main(['build', '--content', content(), '--out', public_(), '--config', join(dir.path, 'settings.json')], out);

      // Assess
      expect(code).toBe(1);
      expect(out.stderr).toContain('error: img/big.png: file is 4.0 KB, over the 2.0 KB limit for one file (maxFileBytes)');
      expect(listFiles(public_())).toContain('img/fits.png');
    });
  });

  describe('symlinks in content/ (item 13)', () => {
    it('follows a symlinked file inside the content folder and skips, naming them, links that lead out, to folders or nowhere', async () => {
      // Prepare
      dir.write('content/shared/logo.png', 'logo');
      dir.write('content/posts/a/index.md', article('A'));
      symlinkSync(join(content(), 'shared/logo.png'), join(content(), 'posts/a/logo.png'));
      dir.write('secret.txt', 'do not publish');
      symlinkSync(join(dir.path, 'secret.txt'), join(content(), 'secret.txt'));
      symlinkSync(join(content(), 'shared'), join(content(), 'shared-again'));
      symlinkSync(join(content(), 'nowhere.png'), join(content(), 'dangling.png'));
      dir.write('content/.env', 'TOKEN=1');
      symlinkSync(join(content(), '.env'), join(content(), 'env.txt'));

      // Act
      const { code, warnings } = await build();

      // Assess
      expect(code).toBe(0);
      expect(readFileSync(public_('posts/a/logo.png'), 'utf8')).toBe('logo');
      expect(warnings).toEqual([
        'warning: dangling.png: skipped: a symlink whose target does not exist',
        'warning: env.txt: skipped: a symlink to a hidden file, which is not content',
        `warning: secret.txt: skipped: a symlink to ${join(dir.path, 'secret.txt')}, outside the content folder`,
        'warning: shared-again: skipped: a symlink to a folder; only symlinked files are followed',
      ]);
      expect(listFiles(public_())).not.toEqual(expect.arrayContaining(['secret.txt']));
      expect(listFiles(public_())).not.toEqual(expect.arrayContaining(['env.txt']));
    });
  });

  describe('static files (DESIGN.md contract)', () => {
    it('publishes non-markdown files outside page bundles at the same path', async () => {
      // Prepare
      dir.write('content/img/logo.png', 'logo');
      dir.write('content/favicon.ico', 'ico');
      dir.write('content/docs/guide/index.html', '<p>guide</p>');
      dir.write('content/posts/a/index.md', article('A'));
      dir.write('content/posts/a/chart.svg', '<svg/>');

      // Act
      const { code } = await build();

      // Assess
      expect(code).toBe(0);
      expect(listFiles(public_())).toEqual(expect.arrayContaining(['img/logo.png', 'favicon.ico', 'docs/guide/index.html', 'posts/a/chart.svg']));
      expect(readFileSync(public_('img/logo.png'), 'utf8')).toBe('logo');
    });

    it('rejects a static file over a root file or under posts/ and tags/, and a bundle file over its page, naming each', async () => {
      // Prepare
      dir.write('content/feed.xml', '<rss>fake</rss>');
      dir.write('content/Index.html', '<p>fake archive</p>');
      dir.write('content/robots.txt', 'User-agent: *');
      dir.write('content/posts/diagram.png', 'png');
      dir.write('content/tags/x/feed.json', '{}');
      dir.write('content/posts/a/index.md', article('A'));
      dir.write('content/posts/a/index.html', '<p>not the page</p>');
      dir.write('content/posts/b.md', article('B'));

      // Act
      const { code, errors } = await build();

      // Assess
      expect(code).toBe(1);
      expect(errors).toEqual([
        "error: Index.html: a static file at /Index.html would replace the site's own index.html; rename or move it",
        "error: feed.xml: a static file at /feed.xml would replace the site's own feed.xml; rename or move it",
        'error: posts/a/index.html: a page-bundle file cannot replace its article\'s own page (posts/a/index.html); rename it',
        'error: posts/diagram.png: a static file at /posts/diagram.png lies under "posts/", which Herald keeps for its own pages; move it into an article\'s page bundle or another folder',
        "error: robots.txt: a static file at /robots.txt would replace the site's own robots.txt; rename or move it",
        'error: tags/x/feed.json: a static file at /tags/x/feed.json lies under "tags/", which Herald keeps for its own pages; move it into an article\'s page bundle or another folder',
      ]);
      expect(readFileSync(public_('feed.xml'), 'utf8')).toMatch(/^<\?xml/);
      expect(readFileSync(public_('index.html'), 'utf8')).toContain('B');
      expect(readFileSync(public_('posts/a/index.html'), 'utf8')).toContain('A body text');
      expect(listFiles(public_())).not.toEqual(expect.arrayContaining(['posts/diagram.png']));
    });

    it('publishes the files of a draft bundle with the draft only', async () => {
      // Prepare
      dir.write('content/notes/wip/index.md', article('WIP', '2026-05-01T10:00:00Z', 'draft: true\n'));
      dir.write('content/notes/wip/photo.jpg', 'jpg');

      // Act
      const plain = await build();
      const drafts = await build('--drafts');

      // Assess
      expect(plain.code).toBe(0);
      expect(listFiles(public_())).not.toEqual(expect.arrayContaining(['notes/wip/photo.jpg']));
      expect(drafts.code).toBe(0);
      expect(listFiles(public_())).toContain('posts/wip/photo.jpg');
    });
  });

  describe('references to local files', () => {
    it('warns, with file and line, about links, images and a featured image the site does not have', async () => {
      // Prepare
      dir.write('content/img/here.png', 'png');
      dir.write('content/posts/b/index.md', article('B'));
      dir.write('content/posts/b/here.jpg', 'jpg');
      dir.write('content/posts/a.md', [
        '---',
        'title: A',
        'date: 2026-05-01',
        'featuredImage: /img/cover.png',
        '---',
        'An [existing image](/img/here.png) and a [missing one](/img/gone.png).',
        '',
        '![bundle](../b/here.jpg) ![other](../b/not-there.jpg)',
        'See [B](/posts/b/), [C](/posts/c/) and [elsewhere](https://example.org/x.png).',
        '<img src="/img/raw-missing.png">',
        '',
        '```',
        '[not a link](/in/code.png)',
        '```',
      ].join('\n'));

      // Act
      const { code, warnings } = await build();

      // Assess
      expect(code).toBe(0);
      expect(warnings).toEqual([
        'warning: posts/a.md:4: field "featuredImage" names /img/cover.png, but the site has no /img/cover.png',
        'warning: posts/a.md:6: links to /img/gone.png, but the site has no /img/gone.png',
        'warning: posts/a.md:8: links to ../b/not-there.jpg, but the site has no /posts/b/not-there.jpg',
        'warning: posts/a.md:9: links to /posts/c/, but the site has no /posts/c/',
        'warning: posts/a.md:10: links to /img/raw-missing.png, but the site has no /img/raw-missing.png',
      ]);
    });
  });
});
