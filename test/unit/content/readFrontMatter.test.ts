import { ArticleError } from '../../../lambdas/content/errors';
import { readFrontMatter } from '../../../lambdas/content/readFrontMatter';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

function read(data: Record<string, unknown>) {
  return readFrontMatter(deepFreeze(data), '', 'a.md');
}

describe('readFrontMatter', () => {
  it.each([
    ['lastmod', { lastmod: '2024-02-01' }],
    ['last_modified_at', { last_modified_at: '2024-02-01' }],
    ['updated', { updated: '2024-02-01' }],
    ['modified', { modified: '2024-02-01' }],
  ])('reads the update date from %s', (_name, data) => {
    // Act & Assess
    expect(read(data).updated?.date.toISOString()).toBe('2024-02-01T00:00:00.000Z');
  });

  it.each([
    ['description', { description: 'D', summary: 'S', excerpt: 'E' }, 'D'],
    ['summary', { summary: 'S', excerpt: 'E' }, 'S'],
    ['excerpt', { excerpt: 'E' }, 'E'],
  ])('takes the description from %s first', (_name, data, expected) => {
    // Act & Assess
    expect(read(data).description).toBe(expected);
  });

  it.each([
    ['featuredImage', { featuredImage: 'a.jpg', image: 'b.jpg' }, 'a.jpg'],
    ['image', { image: 'b.jpg', images: ['c.jpg'] }, 'b.jpg'],
    ['Jekyll image.path', { image: { path: 'd.jpg' } }, 'd.jpg'],
    ['images[0]', { images: ['c.jpg', 'e.jpg'] }, 'c.jpg'],
  ])('takes the featured image from %s', (_name, data, expected) => {
    // Act & Assess
    expect(read(data).image).toBe(expected);
  });

  it.each([
    ['a name', { author: 'Ada' }, [{ name: 'Ada' }]],
    ['a name and email', { author: 'Ada Lovelace <ada@example.com>' }, [{ name: 'Ada Lovelace', email: 'ada@example.com' }]],
    ['an object', { author: { name: 'Ada', email: 'ada@example.com' } }, [{ name: 'Ada', email: 'ada@example.com' }]],
    ['a list', { authors: ['Ada', 'Grace'] }, [{ name: 'Ada' }, { name: 'Grace' }]],
  ])('reads the author from %s', (_name, data, expected) => {
    // Act & Assess
    expect(read(data).authors).toEqual(expected);
  });

  it.each([
    ['draft: true', { draft: true }, true],
    ['draft: "true"', { draft: 'true' }, true],
    ['published: false', { published: false }, true],
    ['neither', {}, false],
  ])('treats %s as draft=%s', (_name, data, draft) => {
    // Act & Assess
    expect(read(data).draft).toBe(draft);
  });

  it('reads keys case-insensitively, as Hugo does, and lists as lists or comma strings', () => {
    // Act
    const fm = read({ Title: 'T', publishDate: '2024-01-01', EXPIRYDATE: '2025-01-01', canonicalURL: 'https://e.com/a', tags: 'a, b', category: 'c', lang: 'fr' });

    // Assess
    expect(fm).toMatchObject({ title: 'T', tags: ['a', 'b'], categories: ['c'], canonicalUrl: 'https://e.com/a', lang: 'fr' });
    expect(fm.publishDate?.date.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(fm.expiryDate?.date.toISOString()).toBe('2025-01-01T00:00:00.000Z');
  });

  it.each([
    ['a list', ['ruby', 'rails'], ['ruby', 'rails']],
    ['space-separated, as Jekyll splits them', 'ruby rails  upgrades', ['ruby', 'rails', 'upgrades']],
    ['comma-separated, keeping spaces inside a tag', 'machine learning, go', ['machine learning', 'go']],
  ])('reads tags written as %s', (_name, tags, expected) => {
    // Act & Assess
    expect(read({ title: 'T', tags, categories: tags }).tags).toEqual(expected);
    expect(read({ title: 'T', categories: tags }).categories).toEqual(expected);
  });

  it('keeps a singular category whole, as Jekyll does', () => {
    // Act & Assess
    expect(read({ title: 'T', category: 'Release notes' }).categories).toEqual(['Release notes']);
  });

  it('accepts site paths and http(s) URLs, and turns an unreadable date into a note instead of a rejection', () => {
    // Act
    const fm = read({ title: 'T', canonicalURL: '/posts/elsewhere/', image: { path: 'img/a.png' }, author: { name: 'A', url: '/about/' }, date: 'someday', lastmod: '2023-13-01' });

    // Assess
    expect(fm).toMatchObject({ canonicalUrl: '/posts/elsewhere/', image: 'img/a.png', authors: [{ name: 'A', url: '/about/' }], date: undefined, updated: undefined });
    expect(fm.unreadableDates.map((d) => [d.field, d.reason])).toEqual([
      ['date', expect.stringMatching(/"someday" is not a date/)],
      ['lastmod', expect.stringMatching(/does not exist/)],
    ]);
  });

  it.each(['javascript:alert(1)', 'JavaScript:alert(1)', 'java\nscript:alert(1)', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd'])('rejects the URL %j in every URL field', (url) => {
    // Act & Assess
    for (const data of [{ canonicalURL: url }, { featuredImage: url }, { images: [url] }, { author: { name: 'A', url } }]) {
      expect(() => read({ title: 'T', ...data })).toThrow(/http\(s\) URL or a path/);
    }
  });

  it('rejects a lang that is not a language tag', () => {
    // Act & Assess
    expect(() => read({ title: 'T', lang: 'en"><x' })).toThrow(/must be a language tag/);
  });

  it('ignores fields it does not know', () => {
    // Act & Assess
    expect(() => read({ title: 'T', toc: { enable: false }, comment: { enable: true } })).not.toThrow();
  });

  it.each([
    ['draft', { draft: 'maybe' }, 'draft', 3, /must be true or false/],
    ['tags', { tags: { a: 1 } }, 'tags', 4, /must be a list of text values/],
    ['slug', { slug: 'a/b' }, 'slug', 5, /must be one path segment/],
    ['canonicalURL', { canonicalURL: 'javascript:alert(1)' }, 'canonicalURL', 6, /http\(s\) URL or a path on the site/],
  ])('rejects a bad %s naming the field as written and its line', (_name, data, field, line, reason) => {
    // Prepare
    const raw = '\ntitle: T\ndraft: x\ntags: x\nslug: x\ncanonicalURL: x';

    // Act
    let error: unknown;
    try {
      readFrontMatter(data, raw, 'a.md');
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toBeInstanceOf(ArticleError);
    expect(error).toMatchObject({ file: 'a.md', field, line });
    expect((error as ArticleError).reason).toMatch(reason);
  });
});
