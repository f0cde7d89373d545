import { feedEntryFromJson, feedEntryOf, feedEntryToJson, feedIdOf } from '../../../lambdas/site/feedEntry';
import { makeArticle } from '../../fixtures/articleFactory';
import { testSite } from '../../helpers/siteFixture';

describe('feedEntryOf', () => {
  it('keeps what the feeds need and round-trips through JSON, dates included', () => {
    // Prepare
    const article = makeArticle({ image: 'https://blog.example.com/posts/first-post/a.png', lang: 'de', offsetMinutes: 120 });

    // Act
    const entry = feedEntryFromJson(JSON.parse(feedEntryToJson(feedEntryOf(article, testSite()))));

    // Assess
    expect(entry).toEqual({
      slug: 'first-post', url: article.url, title: 'First Post', summary: 'A short summary.', html: article.html, date: article.date, updated: article.updated,
      tags: ['feeds'], categories: ['Notes'], authors: [], canonicalUrl: article.url, image: article.image, lang: 'de', offsetMinutes: 120,
    });
    expect(feedIdOf(entry)).toBe(article.url);
  });

  it('carries the first permalink as the id when the article moved', () => {
    // Act
    const entry = feedEntryOf(makeArticle({ slug: 'new-name' }), testSite(), 'https://blog.example.com/posts/old-name/');

    // Assess
    expect(feedIdOf(entry)).toBe('https://blog.example.com/posts/old-name/');
    expect(entry.url).toBe('https://blog.example.com/posts/new-name/');
  });

  it('gives an article over feedItemMaxBytes its summary and a link instead of its HTML', () => {
    // Prepare
    const big = makeArticle({ html: `<table>${'<tr><td>cell</td></tr>'.repeat(200)}</table>`, summary: 'A <big> table.' });

    // Act
    const entry = feedEntryOf(big, testSite({ feedItemMaxBytes: 1024 }));
    const small = feedEntryOf(makeArticle(), testSite({ feedItemMaxBytes: 1024 }));

    // Assess
    expect(entry.html).toBe('<p>A &lt;big&gt; table.</p>\n<p><a href="https://blog.example.com/posts/first-post/">Read the whole article</a></p>\n');
    expect(small.html).toBe(makeArticle().html);
  });
});
