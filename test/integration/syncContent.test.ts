import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { syncContent } from '../../cli/local/syncContent';
import { ArticleError } from '../../lambdas/content/errors';
import type { SourceFile } from '../../lambdas/content/parseArticle';
import { freshNames, put, read, startHarness, type Harness } from '../helpers/emulatorHarness';
import { tempDir, type TempDir } from '../helpers/tempDir';
import { testPort } from '../helpers/testPort';

jest.setTimeout(30_000);

const file = (key: string, text: string): SourceFile => ({ key, bytes: Buffer.from(text) });
const tree = (files: SourceFile[], refused: string[] = []) => ({ files, refused: refused.map((key) => new ArticleError({ file: key, reason: 'too large' })) });

describe('syncContent (issue #11, item 12)', () => {
  let harness: Harness;
  let state: TempDir;
  beforeAll(async () => {
    harness = await startHarness(testPort(14_620));
  });
  afterAll(async () => harness.stop());
  beforeEach(() => {
    state = tempDir('herald-sync-');
  });
  afterEach(() => state.remove());

  const keys = async (bucket: string) => ((await harness.s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key!).sort();
  const manifest = () => join(state.path, 'content-sync.json');

  describe('with a manifest (herald dev)', () => {
    it('keeps objects another S3 client uploaded, and deletes only what the sync put there', async () => {
      // Prepare
      const { content } = await freshNames(harness);
      await syncContent(harness.s3, content, tree([file('posts/a.md', '# A'), file('posts/b.md', '# B')]), { manifest: manifest() });
      await put(harness.s3, content, 'posts/foreign.md', '# Uploaded with the AWS CLI');

      // Act: b.md is deleted locally, and the sync runs again (on the next save or start)
      const result = await syncContent(harness.s3, content, tree([file('posts/a.md', '# A')]), { manifest: manifest() });

      // Assess
      expect(result).toEqual({ uploaded: [], deleted: ['posts/b.md'], unchanged: 1 });
      expect(await keys(content)).toEqual(['posts/a.md', 'posts/foreign.md']);
    });

    it('leaves an object it put there once another client has changed it', async () => {
      // Prepare
      const { content } = await freshNames(harness);
      await syncContent(harness.s3, content, tree([file('posts/a.md', '# A')]), { manifest: manifest() });
      await put(harness.s3, content, 'posts/a.md', '# A, replaced by another client');

      // Act
      const result = await syncContent(harness.s3, content, tree([]), { manifest: manifest() });
      const again = await syncContent(harness.s3, content, tree([]), { manifest: manifest() });

      // Assess
      expect(result.deleted).toEqual([]);
      expect(again.deleted).toEqual([]);
      expect(await read(harness.s3, content, 'posts/a.md')).toBe('# A, replaced by another client');
    });

    it('manages again, after a lost manifest, every key whose object matches its file', async () => {
      // Prepare: the sync uploaded, then died before it wrote its manifest
      const { content } = await freshNames(harness);
      await syncContent(harness.s3, content, tree([file('a.md', '# A'), file('b.md', '# B')]), { manifest: manifest() });
      rmSync(manifest());
      await syncContent(harness.s3, content, tree([file('a.md', '# A'), file('b.md', '# B')]), { manifest: manifest() });

      // Act
      const result = await syncContent(harness.s3, content, tree([file('a.md', '# A')]), { manifest: manifest() });

      // Assess
      expect(existsSync(manifest())).toBe(true);
      expect(result.deleted).toEqual(['b.md']);
    });

    it('never manages keys of another bucket', async () => {
      // Prepare
      const first = await freshNames(harness);
      const second = await freshNames(harness);
      await syncContent(harness.s3, first.content, tree([file('a.md', '# A')]), { manifest: manifest() });
      await put(harness.s3, second.content, 'a.md', '# A');

      // Act
      const result = await syncContent(harness.s3, second.content, tree([]), { manifest: manifest() });

      // Assess
      expect(result.deleted).toEqual([]);
    });
  });

  describe('without a manifest (herald publish, the deploy sync)', () => {
    it('mirrors the folder: every object without a file goes, except files refused for their size', async () => {
      // Prepare
      const { content } = await freshNames(harness);
      await put(harness.s3, content, 'posts/foreign.md', '# Foreign');
      await put(harness.s3, content, 'video/huge.mp4', 'an older, smaller upload');

      // Act
      const result = await syncContent(harness.s3, content, tree([file('posts/a.md', '# A')], ['video/huge.mp4']));

      // Assess
      expect(result.deleted).toEqual(['posts/foreign.md']);
      expect(await keys(content)).toEqual(['posts/a.md', 'video/huge.mp4']);
    });
  });

  it('uploads non-markdown files before markdown, and deletes markdown first', async () => {
    // Prepare
    const { content } = await freshNames(harness);
    const events: string[] = [];
    const record = (event: { Records?: { eventName: string; s3: { bucket: { name: string }; object: { key: string } } }[] }) => {
      for (const r of event.Records ?? []) if (r.s3.bucket.name === content) events.push(`${r.eventName.split(':')[0]} ${decodeURIComponent(r.s3.object.key)}`);
    };
    harness.emulators.s3Events.on('event', record);

    // Act
    await syncContent(harness.s3, content, tree([file('a/index.md', '# A'), file('a/z.png', 'png'), file('b.md', '# B'), file('img/x.png', 'png')]), { manifest: manifest() });
    await syncContent(harness.s3, content, tree([]), { manifest: manifest() });
    harness.emulators.s3Events.off('event', record);

    // Assess
    expect(events).toEqual([
      'ObjectCreated a/z.png', 'ObjectCreated img/x.png', 'ObjectCreated a/index.md', 'ObjectCreated b.md',
      'ObjectRemoved a/index.md', 'ObjectRemoved b.md', 'ObjectRemoved a/z.png', 'ObjectRemoved img/x.png',
    ]);
  });
});
