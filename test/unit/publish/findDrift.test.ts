import { findDrift } from '../../../lambdas/publish/findDrift';
import type { ArticleStateStore, ContentSource, ListedObject } from '../../../lambdas/publish/ports';
import type { SourceRecord } from '../../../lambdas/publish/sourceRecord';
import { compareKeys } from '../../../lambdas/site/compareKeys';

// The two listings findDrift walks, in memory, paged as S3 and DynamoDB page them.
function bucket(objects: readonly ListedObject[]): Pick<ContentSource, 'listPage'> {
  const sorted = [...objects].sort((a, b) => compareKeys(a.key, b.key));
  return {
    listPage: async (after, limit) => {
      const rest = sorted.filter((o) => after === undefined || compareKeys(o.key, after) > 0);
      return { objects: rest.slice(0, limit), more: rest.length > limit };
    },
  };
}

function table(records: readonly SourceRecord[]): Pick<ArticleStateStore, 'sources'> {
  const sorted = [...records].sort((a, b) => compareKeys(a.key, b.key));
  return { sources: async (after, limit) => sorted.filter((r) => after === undefined || compareKeys(r.key, after) > 0).slice(0, limit) };
}

function record(key: string, overrides: Partial<SourceRecord> = {}): SourceRecord {
  return { key, v: 1, state: 'ready', etag: `"${key}"`, slug: key, renderVersion: 'r1', released: [], liveSlugs: [], applied: true, committedAt: '2026-06-01T00:00:00Z', ...overrides };
}

const object = (key: string, etag = `"${key}"`): ListedObject => ({ key, size: 1, etag });

describe('findDrift', () => {
  it('names every kind of disagreement, and none where the two agree', async () => {
    // Prepare
    const content = bucket([object('a.md'), object('b.md', '"changed"'), object('d.md'), object('e.md'), object('f.md'), object('g.md'), object('img.png'), object('_index.md')]);
    const state = table([
      record('a.md'), record('b.md'), record('c.md'), record('d.md', { state: 'deleted' }), record('e.md', { applied: false }),
      record('f.md', { renderVersion: 'r0' }), record('g.md', { state: 'rejected' }), record('h.md', { state: 'deleting' }),
    ]);

    // Act
    const page = await findDrift(content as ContentSource, state as ArticleStateStore, undefined, { pageSize: 100, renderVersion: 'r1' });

    // Assess
    expect(page).toEqual({
      drift: [
        { kind: 'changed', key: 'b.md' },
        { kind: 'gone', key: 'c.md' },
        { kind: 'new', key: 'd.md' },
        { kind: 'unapplied', key: 'e.md' },
        { kind: 'stale', key: 'f.md' },
      ],
    });
  });

  it('walks both listings page by page, stopping each page where both have spoken, and finds everything', async () => {
    // Prepare: 25 objects and 25 records, the records one key off, so every page ends at a different key in each
    const objects = Array.from({ length: 25 }, (_, i) => object(`k${String(i).padStart(2, '0')}.md`));
    const records = Array.from({ length: 25 }, (_, i) => record(`k${String(i + 1).padStart(2, '0')}.md`));
    const content = bucket(objects) as ContentSource;
    const state = table(records) as ArticleStateStore;

    // Act
    const found = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await findDrift(content, state, after, { pageSize: 7 });
      found.push(...page.drift);
      after = page.next;
      pages += 1;
    } while (after !== undefined);

    // Assess: k00 has no record, k25 no object; without a render version nothing is stale
    expect(found).toEqual([{ kind: 'new', key: 'k00.md' }, { kind: 'gone', key: 'k25.md' }]);
    expect(pages).toBeGreaterThan(3);
  });
});
