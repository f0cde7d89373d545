import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../cli/main';
import { captureOutput } from '../../helpers/captureOutput';
import { listFiles } from '../../helpers/listFiles';
import { tempDir, type TempDir } from '../../helpers/tempDir';

function post(title: string, date = '2026-01-10T10:00:00Z', extra = ''): string {
  return `---\ntitle: "${title}"\ndate: ${date}\n${extra}---\nBody of ${title}.\n`;
}

describe('herald build', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  const build = async (...extra: string[]) => {
    const out = captureOutput();
    const code = await main(['build', '--content', join(dir.path, 'content'), '--out', join(dir.path, 'public'), '--site-url', 'https://blog.example.com/', '--config', join(dir.path, 'none.json'), ...extra], out);
    return { code, out };
  };

  it('writes exactly the DESIGN.md files plus the feed stylesheet and bundle files', async () => {
    // Prepare
    dir.write('content/posts/first.md', post('First'));
    dir.write('content/posts/bundle/index.md', post('Bundle', '2026-01-11T10:00:00Z', 'featuredImage: cover.png\n'));
    dir.write('content/posts/bundle/cover.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    dir.write('content/posts/bundle/extra/data.csv', 'a,b\n');
    dir.write('content/_index.md', post('Section'));

    // Act
    const { code, out } = await build();

    // Assess
    expect(code).toBe(0);
    expect(listFiles(join(dir.path, 'public'))).toEqual([
      '404.html', 'archive/2026/01/index.html', 'archive/2026/01/sitemap.xml', 'archive/sitemap.xml', 'atom.xml', 'feed-preview.js', 'feed.json', 'feed.xml', 'feed.xsl', 'index.html',
      'posts/bundle/cover.png', 'posts/bundle/extra/data.csv', 'posts/bundle/index.html', 'posts/first/index.html',
      'robots.txt', 'sitemap.xml', 'xslt-processor.js',
    ]);
    expect(out.stdout.join('\n')).toMatch(/Built 2 article\(s\)/);
  });

  it('exits 1 naming each rejected file and reason, after writing every valid article', async () => {
    // Prepare
    dir.write('content/good.md', post('Good'));
    dir.write('content/bad-date.md', '---\ntitle: Bad\npublishDate: nope\n---\nBody\n');
    dir.write('content/unclosed.md', '---\ntitle: Open\n\nBody\n');

    // Act
    const { code, out } = await build();

    // Assess
    expect(code).toBe(1);
    expect(readFileSync(join(dir.path, 'public/posts/good/index.html'), 'utf8')).toContain('Good');
    const errors = out.stderr.filter((l) => l.startsWith('error:'));
    expect(errors).toEqual([
      expect.stringMatching(/^error: bad-date\.md:3: field "publishDate": "nope" is not a date/),
      expect.stringMatching(/^error: unclosed\.md:1: front matter opened with "---" is never closed/),
    ]);
    expect(out.stdout.join('\n')).toMatch(/2 rejected/);
  });

  it('gives byte-identical output and rewrites nothing when built twice', async () => {
    // Prepare
    dir.write('content/a.md', post('A'));
    dir.write('content/b.md', post('B', '2026-02-01'));
    await build();
    const files = listFiles(join(dir.path, 'public'));
    const before = new Map(files.map((f) => [f, readFileSync(join(dir.path, 'public', f))]));
    const mtimes = new Map(files.map((f) => [f, statSync(join(dir.path, 'public', f)).mtimeMs]));

    // Act
    const { out } = await build();

    // Assess
    for (const f of files) {
      expect(readFileSync(join(dir.path, 'public', f)).equals(before.get(f)!)).toBe(true);
      expect(statSync(join(dir.path, 'public', f)).mtimeMs).toBe(mtimes.get(f));
    }
    expect(out.stdout.join('\n')).toMatch(/0 file\(s\) written/);
  });

  it('removes the page of an article whose file was deleted, and nothing outside posts/', async () => {
    // Prepare
    dir.write('content/a.md', post('A'));
    dir.write('content/b.md', post('B'));
    dir.write('public/robots.txt', 'User-agent: *\n');
    await build();
    rmSync(join(dir.path, 'content/b.md'));

    // Act
    await build();

    // Assess
    const files = listFiles(join(dir.path, 'public'));
    expect(files).toContain('posts/a/index.html');
    expect(files).not.toContain('posts/b/index.html');
    expect(files).toContain('robots.txt');
  });

  it('skips drafts unless --drafts, and reports the counts', async () => {
    // Prepare
    dir.write('content/live.md', post('Live'));
    dir.write('content/draft.md', post('Draft', '2026-01-01', 'draft: true\n'));
    dir.write('content/later.md', post('Later', '2999-01-01'));

    // Act
    const plain = await build();
    const withDrafts = await build('--drafts');

    // Assess
    expect(plain.out.stdout.join('\n')).toMatch(/Built 1 article\(s\).*1 draft, 1 scheduled, 0 expired/);
    expect(withDrafts.out.stdout.join('\n')).toMatch(/Built 2 article\(s\)/);
  });

  it.each([
    [['build', '--nope'], /Unknown option '--nope'/],
    [['build', '--content', '/does/not/exist'], /content folder "\/does\/not\/exist" does not exist/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('exits 2 with a plain message for %j', async (argv, message) => {
    // Prepare
    const out = captureOutput();

    // Act
    const code = await main(argv, out);

    // Assess
    expect(code).toBe(2);
    expect(out.stderr.join('\n')).toMatch(message);
    expect(out.stderr.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('documents every flag in --help', async () => {
    // Prepare
    const out = captureOutput();

    // Act
    const code = await main(['build', '--help'], out);

    // Assess
    expect(code).toBe(0);
    for (const flag of ['--content', '--out', '--site-url', '--drafts', '--config', '--help']) expect(out.stdout.join('\n')).toContain(flag);
  });

  it('says where the date of an undated article came from', async () => {
    // Prepare
    dir.write('content/note.md', 'A Note\n\nNo front matter here.\n');

    // Act
    const { code, out } = await build();

    // Assess
    expect(code).toBe(0);
    expect(out.stderr.join('\n')).toMatch(/warning: note\.md: no date in front matter or file name; using its (file modification time|first git commit)/);
  });

});
