import { aliasPaths } from '../../../lambdas/content/aliasPaths';

describe('aliasPaths', () => {
  it.each([
    ['/posts/old-name/', 'posts/old-name/index.html'],
    ['/2019/01/01/old', '2019/01/01/old/index.html'],
    ['/2010/01/01/another-url.html', '2010/01/01/another-url.html'],
    ['older', 'posts/older/index.html'],
    ['/caf%C3%A9/', 'café/index.html'],
    ['//double//slashes/', 'double/slashes/index.html'],
  ])('resolves %s to %s', (alias, path) => {
    // Act & Assess
    expect(aliasPaths([alias], 'posts/new.md')).toEqual({ paths: [path], warnings: [] });
  });

  it.each([
    ['/', 'it is the home page'],
    ['/../etc/passwd', 'its path segment ".." is only dots, which names a folder above it'],
    ['/posts/./x/', 'its path segment "." is only dots, which names a folder above it'],
    ['/old%00/', 'its path segment'],
    ['https://elsewhere.example.com/x', 'it must be a path on this site'],
    ['/old?page=2', 'it must be a path on this site'],
    ['/feed.xml', 'feed.xml is a file Herald writes itself'],
    ['/index.html', 'index.html is a file Herald writes itself'],
    ['/sitemap.xml', 'sitemap.xml is a file Herald writes itself'],
    ['/api/subscribe', 'it lies under "api/", which Herald keeps for its own pages'],
    ['/tags/go/', 'it lies under "tags/", which Herald keeps for its own pages'],
    ['/%E0%A4%A/', 'it is not a valid URL path'],
  ])('drops %s with a warning naming the file: %s', (alias, reason) => {
    // Act
    const { paths, warnings } = aliasPaths([alias], 'posts/new.md');

    // Assess
    expect(paths).toEqual([]);
    expect(warnings).toEqual([{ file: 'posts/new.md', message: expect.stringContaining(`alias "${alias}" ignored: ${reason}`) }]);
  });

  it('lists a path named twice once', () => {
    // Act & Assess
    expect(aliasPaths(['/old/', '/old'], 'a.md').paths).toEqual(['old/index.html']);
  });
});
