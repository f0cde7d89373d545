/**
 * Orders content keys as S3 lists them and DynamoDB sorts them: by their
 * UTF-8 bytes. JavaScript's `<` compares UTF-16 code units, which differs for
 * characters beyond U+FFFF; one order everywhere is what makes "the path that
 * sorts first owns the slug" the same rule in `herald build` and the pipeline.
 */
export function compareKeys(a: string, b: string): number {
  return a === b ? 0 : Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * The key that owns a slug among those that claim it: the one that sorts
 * first. It does not depend on the order the claims arrived in.
 */
export function slugOwner(claimants: Iterable<string>): string | undefined {
  let owner: string | undefined;
  for (const key of claimants) if (owner === undefined || compareKeys(key, owner) < 0) owner = key;
  return owner;
}
