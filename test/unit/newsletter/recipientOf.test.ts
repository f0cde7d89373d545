import { recipientOf } from '../../../lambdas/newsletter/recipientOf';
import type { Reader } from '../../../lambdas/newsletter/ports';

const reader = (tags?: string[], cadence?: 'weekly'): Reader => ({ id: 'a', email: 'a@example.com', ...(tags && { tags }), ...(cadence && { cadence }) });

describe('recipientOf', () => {
  it.each([
    ['a reader without topics', reader(), ['rust'], true],
    ['a reader with an empty list of topics', reader([]), ['rust'], true],
    ['a reader whose topic the article has', reader(['Go', 'Rust']), ['rust'], true],
    ['a reader whose topic the article has in another spelling', reader(['AWS Lambda']), ['aws-lambda'], true],
    ['a reader with none of the article\'s tags', reader(['Go']), ['rust', 'zig'], false],
    ['a reader with topics, for an article without tags', reader(['Go']), [], false],
    ['a weekly reader, who reads it in the digest', reader(undefined, 'weekly'), ['rust'], false],
  ])('an article: %s', (_what, r, tags, expected) => {
    // Act & Assess
    expect(recipientOf({ tags }, r)).toEqual(expected ? { id: 'a', email: 'a@example.com' } : undefined);
  });

  it.each([
    ['a weekly reader without topics gets every article', reader(undefined, 'weekly'), [0, 1, 2]],
    ['a weekly reader with topics gets the articles that have one', reader(['Go', 'AWS Lambda'], 'weekly'), [1, 2]],
    ['a weekly reader none of whose topics came up gets no digest', reader(['Zig'], 'weekly'), undefined],
    ['a reader of each article gets no digest', reader(), undefined],
  ])('a digest: %s', (_what, r, picks) => {
    // Act & Assess
    expect(recipientOf({ digest: [['rust'], ['go', 'rust'], ['aws-lambda']] }, r)).toEqual(picks && { id: 'a', email: 'a@example.com', picks });
  });

  it('sends a campaign from before topics (no audience) to everyone', () => {
    // Act & Assess
    expect(recipientOf(undefined, reader(['Go'], 'weekly'))).toEqual({ id: 'a', email: 'a@example.com' });
  });
});
