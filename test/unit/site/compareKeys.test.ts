import { compareKeys, slugOwner } from '../../../lambdas/site/compareKeys';

describe('compareKeys', () => {
  it('orders keys by their UTF-8 bytes, as S3 lists them, not by UTF-16 code units', () => {
    // Prepare: U+FF61 sorts before U+1F600 in UTF-16 (0xFF61 < 0xD83D… is false) but after it in UTF-8? No: UTF-8 puts the astral character last
    const keys = ['b.md', 'a/z.md', 'a-b.md', '\u{1F600}.md', '\uFF61.md', 'A.md'];

    // Act
    const sorted = [...keys].sort(compareKeys);

    // Assess
    expect(sorted).toEqual(['A.md', 'a-b.md', 'a/z.md', 'b.md', '\uFF61.md', '\u{1F600}.md']);
    expect(['\u{1F600}.md', '\uFF61.md'].sort()).toEqual(['\u{1F600}.md', '\uFF61.md']); // what `<` would say
  });
});

describe('slugOwner', () => {
  it.each([
    [['two/same.md', 'one/same.md'], 'one/same.md'],
    [['one/same.md', 'two/same.md'], 'one/same.md'],
    [['posts/a.md'], 'posts/a.md'],
    [[], undefined],
  ])('gives the slug of %j to %s, whatever the order the claims came in', (claimants, owner) => {
    // Act & Assess
    expect(slugOwner(claimants)).toBe(owner);
  });
});
