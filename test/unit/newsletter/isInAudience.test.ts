import { isInAudience } from '../../../lambdas/newsletter/isInAudience';

const reader = (tags?: string[]) => ({ id: 'a', email: 'a@example.com', ...(tags && { tags }) });

describe('isInAudience', () => {
  it.each([
    ['a reader without topics', undefined, ['rust'], true],
    ['a reader with an empty list of topics', [], ['rust'], true],
    ['a reader whose topic the article has', ['Go', 'Rust'], ['rust'], true],
    ['a reader whose topic the article has in another spelling', ['AWS Lambda'], ['aws-lambda'], true],
    ['a reader with none of the article\'s tags', ['Go'], ['rust', 'zig'], false],
    ['a reader with topics, for an article without tags', ['Go'], [], false],
  ])('%s', (_what, tags, articleTags, expected) => {
    // Act & Assess
    expect(isInAudience({ tags: articleTags }, reader(tags))).toBe(expected);
  });

  it('sends a campaign from before topics (no audience) to everyone', () => {
    // Act & Assess
    expect(isInAudience(undefined, reader(['Go']))).toBe(true);
  });
});
