import { parseRebuildRequest, rebuildRequestBody, rebuildRequestId } from '../../../lambdas/publish/rebuildRequest';

describe('rebuildRequestId', () => {
  it('names the commits a request is for: the same commits give the same id, in any order; a new commit a new one', () => {
    // Act
    const first = rebuildRequestId({ slugs: ['a'], causes: ['posts/a.md@1', 'posts/b.md@4'] });
    const reordered = rebuildRequestId({ slugs: ['a', 'b'], causes: ['posts/b.md@4', 'posts/a.md@1'] });
    const next = rebuildRequestId({ slugs: ['a'], causes: ['posts/a.md@2', 'posts/b.md@4'] });

    // Assess: SQS FIFO takes ids of up to 128 characters
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(reordered).toBe(first);
    expect(next).not.toBe(first);
  });
});

describe('parseRebuildRequest', () => {
  it('reads back what rebuildRequestBody wrote', () => {
    // Prepare
    const request = { slugs: ['hello'], causes: ['posts/hello.md@3'] };

    // Act & Assess
    expect(parseRebuildRequest(rebuildRequestBody(request))).toEqual(request);
  });

  it.each([
    ['not JSON', 'nope', /rebuild request is not JSON/],
    ['no causes', JSON.stringify({ slugs: [], causes: [] }), /causes/],
    ['slugs that are not a list', JSON.stringify({ slugs: 'a', causes: ['x'] }), /slugs/],
  ])('throws for %s, so the message ends in the dead-letter queue', (_name, body, message) => {
    // Act & Assess
    expect(() => parseRebuildRequest(body)).toThrow(message);
  });
});
