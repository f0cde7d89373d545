import { ArticleError } from '../../../lambdas/content/errors';
import { parseArticle } from '../../../lambdas/content/parseArticle';
import { slugFromKey, slugProblem } from '../../../lambdas/content/slugFor';
import { SITE_PATHS } from '../../../lambdas/site/sitePaths';
import { FIXED_FIRST_SEEN, testSite } from '../../helpers/siteFixture';

function parse(key: string, text: string) {
  return parseArticle({ key, bytes: Buffer.from(text) }, { site: testSite(), firstSeen: FIXED_FIRST_SEEN });
}

function rejection(key: string, text: string): ArticleError {
  try {
    parse(key, text);
  } catch (error) {
    if (error instanceof ArticleError) return error;
    throw error;
  }
  throw new Error(`expected ${key} to be rejected`);
}

const BODY = '---\ntitle: T\ndate: 2026-03-01\n---\nBody.\n';

describe('slugFromKey', () => {
  it.each([
    ['posts/hello.md', 'hello'],
    ['posts/Hello World.markdown', 'hello-world'],
    ['_posts/2016-07-26-Hello World.md', 'hello-world'],
    ['posts/bundle/index.md', 'bundle'],
    ['posts/2026-01-02-bundle/index.md', 'bundle'],
    ['posts/2026-03-05-...md', '..'],
    ['posts/2026-03-06-../index.md', '..'],
    ['posts/2026-03-03-.md', ''],
  ])('%s gives %j', (key, slug) => {
    expect(slugFromKey(key)).toBe(slug);
  });
});

describe('slugProblem', () => {
  it.each([
    ['hello-world'],
    ['café'],
    ['日本語のタイトル'],
    ['c++'],
    ['a.b'],
    ['...hidden-but-not-only-dots'],
    ['v1.2.3'],
    ['a~b'],
    ['x'.repeat(255)],
  ])('accepts %j', (slug) => {
    expect(slugProblem(slug)).toBeUndefined();
  });

  it.each([
    ['empty', '', /is empty/],
    ['"."', '.', /only dots/],
    ['".."', '..', /only dots/],
    ['"..."', '...', /only dots/],
    ['a slash', 'a/b', /contains "\/"/],
    ['a backslash', 'a\\b', /contains "\\"/],
    ['NUL', 'a\u0000b', /control character/],
    ['a newline', 'a\nb', /control character/],
    ['DEL', 'a\u007fb', /control character/],
    ['a C1 control', 'a\u0085b', /control character/],
    ['a lone surrogate', 'a\ud800b', /not valid Unicode/],
    ['"?"', 'a?b', /contains "\?", which a URL path cannot carry/],
    ['"#"', 'a#b', /contains "#"/],
    ['"%"', '100%', /contains "%"/],
    ['a quote', 'say-"hi"', /contains """/],
    ['"<"', 'list<t>', /contains "<"/],
    ['a brace', '{x}', /contains "\{"/],
    ['a pipe', 'a|b', /contains "\|"/],
    ['a back tick', 'a`b', /contains "`"/],
    ['a square bracket', 'a[1]', /contains "\["/],
    ['a caret', 'a^b', /contains "\^"/],
    ['white space', 'a b', /white space/],
    ['a tab', 'a\tb', /control character/],
    ['256 bytes', 'x'.repeat(256), /longer than 255 bytes/],
    ['128 two-byte letters', 'é'.repeat(128), /longer than 255 bytes/],
  ])('rejects %s', (_name, slug, reason) => {
    expect(slugProblem(slug)).toMatch(reason);
  });

  it.each(['feed.xml', 'atom.xml', 'feed.json', 'feed.xsl', 'index.html', '404.html', 'sitemap.xml', 'robots.txt', 'posts', 'tags', 'api'])(
    'rejects the site root name %j',
    (slug) => {
      expect(slugProblem(slug)).toMatch(/a name the site root uses/);
    },
  );

  it('reserves every file the site root is built with', () => {
    for (const path of Object.values(SITE_PATHS)) expect(slugProblem(path)).toMatch(/site root/);
  });
});

describe('parseArticle applies the slug rule to every source of a slug', () => {
  it.each([
    ['a Jekyll file name of dots', 'posts/2026-03-05-...md', /^posts\/2026-03-05-\.\.\.md: the slug "\.\." that its file name gives is only dots.*; rename the file or set "slug" in the front matter$/],
    ['a bundle folder of dots', 'posts/2026-03-06-../index.md', /^posts\/2026-03-06-\.\.\/index\.md: the slug "\.\." that its folder name gives is only dots.*rename the folder/],
    ['an empty Jekyll name', 'posts/2026-03-03-.md', /^posts\/2026-03-03-\.md: the slug "" that its file name gives is empty/],
    ['a file named like a root file', 'feed.xml.md', /the slug "feed\.xml" that its file name gives is a name the site root uses/],
    ['a bundle folder named posts', 'x/posts/index.md', /the slug "posts" that its folder name gives is a name the site root uses/],
    ['a file name with "#"', 'posts/c#-tips.md', /the slug "c#-tips" that its file name gives contains "#"/],
    ['a file name with a control character', 'posts/a\u0007b.md', /the slug "a\\u0007b" that its file name gives contains a control character/],
  ])('rejects %s, naming the file', (_name, key, message) => {
    // Act
    const error = rejection(key, BODY);

    // Assess
    expect(error.file).toBe(key);
    expect(error.field).toBeUndefined();
    expect(error.message).toMatch(message);
  });

  it.each([
    ['".."', '..', /field "slug": "\.\." is only dots/],
    ['empty', '""', /field "slug": "" is empty/],
    ['a root name, in any case', 'Feed.XML', /field "slug": "feed\.xml" is a name the site root uses/],
    ['a traversal', '../../etc', /field "slug": "\.\.\/\.\.\/etc" contains "\/"/],
    ['a percent sign', '"100%"', /field "slug": "100%" contains "%"/],
  ])('rejects a front matter slug that is %s, naming file, field and line', (_name, value, message) => {
    // Act
    const error = rejection('posts/fine.md', `---\ntitle: T\ndate: 2026-03-01\nslug: ${value}\n---\nBody.\n`);

    // Assess
    expect(error).toMatchObject({ file: 'posts/fine.md', field: 'slug', line: 4 });
    expect(error.message).toMatch(message);
  });

  it('lets a good front matter slug rescue a file whose name gives a bad one', () => {
    // Act
    const { article } = parse('posts/2026-03-05-...md', '---\ntitle: T\nslug: Ellipsis Post\n---\nBody.\n');

    // Assess
    expect(article.slug).toBe('ellipsis-post');
    expect(article.url).toBe('https://blog.example.com/posts/ellipsis-post/');
  });
});
