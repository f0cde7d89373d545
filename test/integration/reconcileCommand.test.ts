import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localQueueDirectory } from '../../cli/local/eventRouter';
import { localUrl } from '../../cli/local/localPorts';
import { runHerald } from '../helpers/captureOutput';
import { article, put, remove, startHarness, type Harness } from '../helpers/emulatorHarness';
import { PublishRig } from '../helpers/publishRig';
import { tempDir } from '../helpers/tempDir';
import { testPort } from '../helpers/testPort';

jest.setTimeout(30_000);

const PORT = testPort(14_940);

describe('herald reconcile', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(PORT);
  });
  afterAll(async () => harness.stop());

  it('lists what lost events left behind, and nothing once the queued reconcile has run', async () => {
    // Prepare: one article published, then a new file and a deletion whose events were lost
    const rig = await new PublishRig(harness).setUp();
    await rig.upload('posts/kept.md', article('Kept'));
    await rig.upload('posts/gone.md', article('Gone'));
    await rig.settle();
    await put(harness.s3, rig.names.content, 'posts/unseen.md', article('Unseen'));
    await remove(harness.s3, rig.names.content, 'posts/gone.md');
    const target = ['--bucket', rig.names.content, '--table', rig.names.table, '--s3-endpoint', localUrl(PORT), '--dynamodb-endpoint', localUrl(PORT + 1)];
    const state = tempDir('herald-reconcile-');

    // Act
    const before = await runHerald('reconcile', '--dry-run', ...target);
    const queued = await runHerald('reconcile', '--state', state.path);
    const folder = localQueueDirectory(state.path, 'content');
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.json'))) {
      await rig.events.send([(JSON.parse(readFileSync(join(folder, file), 'utf8')) as { body: string }).body]);
    }
    await rig.settle();
    rig.advance(31_000);
    await rig.tick();
    await rig.settle();
    const after = await runHerald('reconcile', '--dry-run', ...target);

    // Assess
    expect(before.code).toBe(0);
    expect(before.out.stdout).toEqual([
      'gone      posts/gone.md  deleted from the bucket, still on the site',
      'new       posts/unseen.md  in the bucket, never published (its event was lost)',
      '2 difference(s). Run "herald reconcile" without --dry-run to re-drive them.',
    ]);
    expect(queued.out.stdout).toEqual(['Queued for herald dev (now if it is running, else at its next start).']);
    expect(after.out.stdout).toEqual(['No drift: the site matches the content bucket.']);
    expect(await rig.feedTitles()).toEqual(['Kept', 'Unseen']); // one date: slug order
    expect(await rig.page('posts/gone/index.html')).toBeUndefined();
    state.remove();
  });

  it.each([
    [['--queue-url', 'not a url'], /--queue-url must be the events queue URL/],
    [['--dry-run', '--bucket', 'only-a-bucket'], /--dry-run in AWS needs both --bucket and --table/],
    [['--state', '/nonexistent/herald-state'], /no local state in "\/nonexistent\/herald-state"/],
  ])('refuses %j with a message', async (args, message) => {
    // Act
    const { code, out } = await runHerald('reconcile', ...args);

    // Assess
    expect(code).toBe(2);
    expect(out.stderr.join('\n')).toMatch(message);
  });
});
