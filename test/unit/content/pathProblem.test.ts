import { pathProblem, segmentProblem } from '../../../lambdas/content/pathProblem';
import { bundleFileProblem, sitePathProblem, sitePrefixProblem, staticFileProblem } from '../../../lambdas/content/reservedPaths';

describe('segmentProblem', () => {
  it.each([['a'], ['.well-known'], ['a..b'], ['photo [1].jpg'], ['100%.png']])('accepts %j', (segment) => {
    expect(segmentProblem(segment)).toBeUndefined();
  });

  it.each([
    ['', /empty/],
    ['.', /only dots/],
    ['..', /only dots/],
    ['a/b', /one path segment/],
    ['a\\b', /separator on Windows/],
    ['a\u0000', /control character/],
    ['\udc00', /not valid Unicode/],
  ])('rejects %j', (segment, reason) => {
    expect(segmentProblem(segment)).toMatch(reason);
  });
});

describe('pathProblem', () => {
  it.each([['img/logo.png'], ['posts/a/b/c.txt'], ['a']])('accepts %j', (path) => {
    expect(pathProblem(path)).toBeUndefined();
  });

  it.each([
    ['', /is empty/],
    ['/etc/passwd', /must be relative/],
    ['../x', /segment "\.\." is only dots/],
    ['posts/../feed.xml', /segment "\.\."/],
    ['a/./b', /segment "\."/],
    ['a//b', /segment "" is empty/],
    ['a/', /segment "" is empty/],
    ['a\\..\\b', /separator on Windows/],
    ['a/\u0000', /segment "\\u0000" contains a control character/],
    [`${'a/'.repeat(512)}b`, /longer than 1024 bytes/],
  ])('rejects %j', (path, reason) => {
    expect(pathProblem(path)).toMatch(reason);
  });
});

describe('staticFileProblem', () => {
  it.each([['img/logo.png'], ['favicon.ico'], ['docs/index.html'], ['downloads/feed.xml'], ['postsx/a.png'], ['.well-known/security.txt']])('publishes %j', (key) => {
    expect(staticFileProblem(key)).toBeUndefined();
  });

  it.each([
    ['feed.xml', /would replace the site's own feed\.xml/],
    ['Index.HTML', /would replace the site's own index\.html/],
    ['atom.xml', /own atom\.xml/],
    ['feed.json', /own feed\.json/],
    ['feed.xsl', /own feed\.xsl/],
    ['404.html', /own 404\.html/],
    ['sitemap.xml', /own sitemap\.xml/],
    ['robots.txt', /own robots\.txt/],
    ['posts/diagram.png', /lies under "posts\/"/],
    ['posts/a/index.html', /lies under "posts\/"/],
    ['tags/x/feed.xml', /lies under "tags\/"/],
    ['api/health', /lies under "api\/"/],
    ['posts', /take the name of Herald's own "posts\/" folder/],
    ['img/../feed.xml', /its path segment "\.\."/],
  ])('refuses %j', (key, reason) => {
    expect(staticFileProblem(key)).toMatch(reason);
  });
});

describe('sitePathProblem', () => {
  it.each<[string, string | undefined]>([
    ['feed.xml', undefined],
    ['posts/a/index.html', undefined],
    ['posts/a/photo.png', 'posts/a/photo.png'],
    ['img/logo.png', 'img/logo.png'],
    ['docs/index.html', 'docs/index.html'],
  ])('lets %s be written (a copy of %s)', (path, copyOf) => {
    expect(sitePathProblem(path, copyOf)).toBeUndefined();
  });

  it.each<[string, string | undefined, RegExp]>([
    ['../x', undefined, /the path segment "\.\."/],
    ['feed.xml', 'feed.xml', /would replace the site's own feed\.xml/],
    ['SITEMAP.XML', 'SITEMAP.XML', /own sitemap\.xml/],
    ['posts/a/index.html', 'b/index.html', /would replace an article's page/],
    ['posts/x.png', 'posts/x.png', /outside any article's folder/],
    ['tags/t/index.html', 'tags/t/index.html', /would land under "tags\/"/],
    ['api/health', 'api/health', /would land under "api\/"/],
  ])('refuses %s (a copy of %s)', (path, copyOf, reason) => {
    expect(sitePathProblem(path, copyOf)).toMatch(reason);
  });
});

describe('sitePrefixProblem', () => {
  it.each([['posts/a/'], ['img/'], ['notes/trip/']])('lets %s be removed', (prefix) => {
    expect(sitePrefixProblem(prefix)).toBeUndefined();
  });

  it.each([
    ['', /must end with "\/"/],
    ['posts/a', /must end with "\/"/],
    ['/', /the prefix is empty/],
    ['posts/', /would remove all of "posts\/"/],
    ['Tags/', /would remove all of "Tags\/"/],
    ['posts/../', /segment "\.\."/],
  ])('refuses to remove %j', (prefix, reason) => {
    expect(sitePrefixProblem(prefix)).toMatch(reason);
  });
});

describe('bundleFileProblem', () => {
  it.each([['photo.png'], ['sub/index.html'], ['data/x.csv']])('publishes %s beside the page', (relative) => {
    expect(bundleFileProblem(relative, 'a')).toBeUndefined();
  });

  it.each([['index.html'], ['INDEX.HTML']])('refuses %s, the page itself', (relative) => {
    expect(bundleFileProblem(relative, 'a')).toMatch(/cannot replace its article's own page \(posts\/a\/index\.html\)/);
  });
});
