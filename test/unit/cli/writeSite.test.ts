import { existsSync, readFileSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { writeSite } from '../../../cli/writeSite';
import { UnsafePathError } from '../../../lambdas/content/errors';
import type { OutputFile } from '../../../lambdas/site/buildSite';
import { listFiles } from '../../helpers/listFiles';
import { tempDir, type TempDir } from '../../helpers/tempDir';

describe('writeSite', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  const good: OutputFile = { path: 'posts/a/index.html', body: '<p>a</p>' };

  it.each<[string, OutputFile, RegExp]>([
    ['a path out of the folder', { path: '../x', body: 'x' }, /refused to write "\.\.\/x": the path segment "\.\." is only dots/],
    ['a traversal in the middle', { path: 'posts/../../x', body: 'x' }, /segment "\.\."/],
    ['an absolute path', { path: '/etc/x', body: 'x' }, /must be relative/],
    ['an empty segment', { path: 'posts//index.html', body: 'x' }, /segment "" is empty/],
    ['a copied file over feed.xml', { path: 'feed.xml', body: 'x', copyOf: 'feed.xml' }, /would replace the site's own feed\.xml/],
    ['a copied file over index.html', { path: 'INDEX.html', body: 'x', copyOf: 'INDEX.html' }, /would replace the site's own index\.html/],
    ['a copied file over an article page', { path: 'posts/b/index.html', body: 'x', copyOf: 'posts/x/index.html' }, /would replace an article's page/],
    ['a copied file directly in posts/', { path: 'posts/x.png', body: 'x', copyOf: 'posts/x.png' }, /outside any article's folder/],
    ['a copied file under tags/', { path: 'tags/t/feed.xml', body: 'x', copyOf: 'tags/t/feed.xml' }, /would land under "tags\/"/],
  ])('refuses %s and writes nothing at all', (_name, bad, message) => {
    // Act
    const act = () => writeSite(join(dir.path, 'out'), [good, bad]);

    // Assess
    expect(act).toThrow(UnsafePathError);
    expect(act).toThrow(message);
    expect(existsSync(join(dir.path, 'out', 'posts'))).toBe(false);
    expect(existsSync(join(dir.path, 'x'))).toBe(false);
  });

  it('refuses two files with one path', () => {
    // Act
    const act = () => writeSite(join(dir.path, 'out'), [good, { path: 'posts/a/index.html', body: 'other' }]);

    // Assess
    expect(act).toThrow(/two files of the site would be written there/);
  });

  it('refuses to follow a symlinked folder of the output out of it, writing nothing anywhere', () => {
    // Prepare
    dir.write('elsewhere/keep.txt', 'keep');
    dir.write('out/feed.xml', 'old');
    symlinkSync(join(dir.path, 'elsewhere'), join(dir.path, 'out', 'posts'));

    // Act: the safe file comes first, and is not written either
    const act = () => writeSite(join(dir.path, 'out'), [{ path: 'feed.xml', body: 'new' }, { path: 'posts/a/index.html', body: 'page' }]);

    // Assess
    expect(act).toThrow(/refused to write "posts\/a\/index\.html": its folder leads outside .* through a symlink/);
    expect(listFiles(join(dir.path, 'elsewhere'))).toEqual(['keep.txt']);
    expect(readFileSync(join(dir.path, 'out', 'feed.xml'), 'utf8')).toBe('old');
  });

  it('writes copied files into an article folder and at their own path', () => {
    // Act
    const result = writeSite(join(dir.path, 'out'), [
      good,
      { path: 'posts/a/chart.svg', body: '<svg/>', copyOf: 'posts/a/chart.svg' },
      { path: 'img/logo.png', body: 'logo', copyOf: 'img/logo.png' },
    ]);

    // Assess
    expect(result).toEqual({ written: 3, unchanged: 0, removed: 0 });
    expect(readFileSync(join(dir.path, 'out', 'img/logo.png'), 'utf8')).toBe('logo');
  });

  it('rewrites only changed files into an existing folder and removes pages that left the site', () => {
    // Prepare
    const out = join(dir.path, 'out');
    writeSite(out, [good, { path: 'posts/b/index.html', body: 'b' }, { path: 'feed.xml', body: 'feed 1' }]);
    const earlier = new Date('2020-01-01T00:00:00Z');
    utimesSync(join(out, 'posts/a/index.html'), earlier, earlier);

    // Act
    const result = writeSite(out, [good, { path: 'feed.xml', body: 'feed 2' }]);

    // Assess
    expect(result).toEqual({ written: 1, unchanged: 1, removed: 1 });
    expect(statSync(join(out, 'posts/a/index.html')).mtime).toEqual(earlier);
    expect(readFileSync(join(out, 'feed.xml'), 'utf8')).toBe('feed 2');
    expect(listFiles(out)).toEqual(['feed.xml', 'posts/a/index.html']);
  });
});
