import { feedArticleOf } from '../../../lambdas/site/feedArticle';
import { feedIdOf } from '../../../lambdas/site/feedEntry';
import { makeArticle } from '../../fixtures/articleFactory';
import { testSite } from '../../helpers/siteFixture';

describe('feedArticleOf', () => {
  it('gives an article over feedItemMaxBytes its summary and a link instead of its HTML, and leaves a smaller one alone', () => {
    // Prepare
    const big = makeArticle({ html: `<table>${'<tr><td>cell</td></tr>'.repeat(200)}</table>`, summary: 'A <big> table.' });
    const small = makeArticle();

    // Act
    const site = testSite({ feedItemMaxBytes: 1024 });

    // Assess
    expect(feedArticleOf(big, site).html).toBe('<p>A &lt;big&gt; table.</p>\n<p><a href="https://blog.example.com/posts/first-post/">Read the whole article</a></p>\n');
    expect(feedArticleOf(small, site)).toBe(small);
  });
});

describe('feedIdOf', () => {
  it('is the first permalink an article moved away from, else its permalink', () => {
    // Act & Assess
    expect(feedIdOf(makeArticle({ slug: 'new-name', feedId: 'https://blog.example.com/posts/old-name/' }))).toBe('https://blog.example.com/posts/old-name/');
    expect(feedIdOf(makeArticle())).toBe('https://blog.example.com/posts/first-post/');
  });
});
