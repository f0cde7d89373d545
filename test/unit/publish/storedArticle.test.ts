import { entryPath, storedArticleFromJson, storedArticleOf, storedArticleToJson } from '../../../lambdas/publish/storedArticle';
import { makeArticle } from '../../fixtures/articleFactory';
import { testSite } from '../../helpers/siteFixture';

describe('storedArticle', () => {
  it('round-trips an article as the rebuild needs it, dates included', () => {
    // Prepare
    const article = makeArticle({ expires: new Date('2027-01-01T00:00:00Z'), bundleDir: 'posts/trip', aliases: ['old/index.html'] });

    // Act
    const stored = storedArticleFromJson(storedArticleToJson(storedArticleOf(article, testSite())));

    // Assess
    expect(stored).toMatchObject({ key: article.key, draft: false, visibleFrom: article.visibleFrom, expires: article.expires, bundleDir: 'posts/trip', aliases: ['old/index.html'] });
    expect(stored.date).toEqual(article.date);
  });
});

describe('entryPath', () => {
  it('names a rendering by its key, source and render version, so a retry rewrites the same object', () => {
    // Act
    const path = entryPath('posts/a.md', 'hash1', 'v1');

    // Assess
    expect(path).toMatch(/^entries\/[0-9a-f]{32}\/[0-9a-f]{32}$/);
    expect(entryPath('posts/a.md', 'hash1', 'v1')).toBe(path);
    expect(entryPath('posts/a.md', 'hash2', 'v1')).not.toBe(path);
    expect(entryPath('posts/a.md', 'hash1', 'v2')).not.toBe(path);
    expect(entryPath('posts/b.md', 'hash1', 'v1').split('/')[1]).not.toBe(path.split('/')[1]);
  });
});
