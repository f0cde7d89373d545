import { renderVersionOf } from '../../../lambdas/site/renderVersion';
import { testSite } from '../../helpers/siteFixture';

describe('renderVersionOf', () => {
  it('is the same for the same settings and changes with any setting that changes what pages say', async () => {
    // Act
    const base = await renderVersionOf(testSite());
    const again = await renderVersionOf(testSite());
    const changed = await Promise.all([
      renderVersionOf(testSite({ siteTitle: 'Renamed' })),
      renderVersionOf(testSite({ siteUrl: 'https://news.example.com/' })),
      renderVersionOf(testSite({ summaryLength: 100 })),
      renderVersionOf(testSite({ feedItemMaxBytes: 2048 })),
    ]);
    const budgetOnly = await renderVersionOf(testSite({ renderBudgetMs: 5000 }));

    // Assess
    expect(base).toMatch(/^[0-9a-f]{16}$/);
    expect(again).toBe(base);
    expect(new Set([base, ...changed]).size).toBe(5);
    expect(budgetOnly).toBe(base);
  });
});
