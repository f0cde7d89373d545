import { ArticleError } from '../../../lambdas/content/errors';
import { MAX_HTML_BYTES, renderArticle } from '../../../lambdas/site/renderArticle';
import { FIXED_FIRST_SEEN, testSite } from '../../helpers/siteFixture';

const source = (text: string) => ({ key: 'posts/budget.md', bytes: Buffer.from(text) });
const post = '---\ntitle: Budget\ndate: 2026-01-01\n---\nText.\n';

describe('renderArticle', () => {
  it('renders the article and its page within the budget', () => {
    // Act
    const { article, page } = renderArticle(source(post), { site: testSite(), firstSeen: FIXED_FIRST_SEEN });

    // Assess
    expect(article.slug).toBe('budget');
    expect(page).toContain('<h1>Budget</h1>');
  });

  it('rejects an article whose render took longer than renderBudgetMs, naming the file and the setting', () => {
    // Prepare: a clock that says 1.5 s went by
    let now = 0;
    const clock = () => (now += 1500);

    // Act
    const render = () => renderArticle(source(post), { site: testSite({ renderBudgetMs: 1000 }), firstSeen: FIXED_FIRST_SEEN }, clock);

    // Assess
    expect(render).toThrow(ArticleError);
    expect(render).toThrow(/^posts\/budget\.md: rendering took 1\.5 s, over the 1\.0 s budget \(renderBudgetMs\); split the article or simplify its largest tables$/);
  });

  it('rejects an article whose HTML would be over the budget', () => {
    // Prepare: a short source whose reference links expand far beyond its size
    const target = `[r]: https://example.com/${'x'.repeat(60_000)}\n`;
    const text = `---\ntitle: Bomb\ndate: 2026-01-01\n---\n${'[a][r] '.repeat(Math.ceil(MAX_HTML_BYTES / 60_000) + 1)}\n\n${target}`;

    // Act & Assess
    expect(() => renderArticle(source(text), { site: testSite({ maxArticleBytes: 4 * 1024 * 1024 }), firstSeen: FIXED_FIRST_SEEN })).toThrow(/it renders to \d+\.\d MiB of HTML, over the 8\.0 MiB budget for one article/);
  });
});
