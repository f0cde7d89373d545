import { skipReasonFor } from '../../../lambdas/newsletter/skipReasonFor';
import { makeArticle } from '../../fixtures/articleFactory';

const published = new Date('2026-06-10T12:00:00Z');

describe('skipReasonFor', () => {
  it.each([
    ['a draft', makeArticle({ draft: true, visibleFrom: published }), 'draft'],
    ['notify: false', makeArticle({ notify: false, visibleFrom: published }), 'notify-off'],
    ['dated four days before its first publication', makeArticle({ visibleFrom: new Date('2026-06-06T11:59:59Z') }), 'too-old'],
    ['dated exactly three days before', makeArticle({ visibleFrom: new Date('2026-06-07T12:00:00Z') }), undefined],
    ['dated the same day', makeArticle({ visibleFrom: new Date('2026-06-10T08:00:00Z') }), undefined],
    ['scheduled, and published when its time came', makeArticle({ date: new Date('2026-01-01T00:00:00Z'), visibleFrom: new Date('2026-06-10T11:55:00Z') }), undefined],
  ])('says %s → %s', (_case, article, expected) => {
    // Act
    const reason = skipReasonFor(article, published, 3);

    // Assess
    expect(reason).toBe(expected);
  });

  it('measures the window from the first publication, not from now, so a late newsletter still goes out', () => {
    // Prepare
    const article = makeArticle({ visibleFrom: new Date('2026-06-10T09:00:00Z') });

    // Act & Assess
    expect(skipReasonFor(article, published, 3)).toBeUndefined();
    expect(skipReasonFor(article, published, 0)).toBe('too-old');
  });
});
