import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../cli/main';
import { localUrl } from '../../cli/local/localPorts';
import { ensureBucket } from '../../cli/local/provisionLocal';
import { captureOutput } from '../helpers/captureOutput';
import { startHarness, type Harness } from '../helpers/emulatorHarness';
import { tempDir } from '../helpers/tempDir';
import { testPort } from '../helpers/testPort';

jest.setTimeout(30_000);

describe('herald publish', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(testPort(14_660));
    await ensureBucket(harness.s3, 'publish-target');
  });
  afterAll(async () => harness.stop());

  const keys = async () => ((await harness.s3.send(new ListObjectsV2Command({ Bucket: 'publish-target' }))).Contents ?? []).map((o) => o.Key).sort();
  const publish = async (content: string, ...extra: string[]) => {
    const out = captureOutput();
    const code = await main(['publish', '--bucket', 'publish-target', '--endpoint', localUrl(testPort(14_660)), '--content', content, ...extra], out);
    return { code, out };
  };

  it('uploads only changed files, deletes removed ones, and changes nothing on a dry run', async () => {
    // Prepare
    const dir = tempDir();
    dir.write('a.md', '# A\n');
    dir.write('b/index.md', '# B\n');
    dir.write('b/pic.png', 'png');

    // Act
    const first = await publish(dir.path);
    const second = await publish(dir.path);
    dir.write('a.md', '# A, edited\n');
    rmSync(join(dir.path, 'b/pic.png'));
    const dry = await publish(dir.path, '--dry-run');
    const keysAfterDryRun = await keys();
    const third = await publish(dir.path);

    // Assess
    expect(first.out.stdout.at(-1)).toBe('3 uploaded, 0 deleted, 0 unchanged in s3://publish-target.');
    expect(second.out.stdout.at(-1)).toBe('0 uploaded, 0 deleted, 3 unchanged in s3://publish-target.');
    expect(dry.out.stdout).toEqual(['would upload a.md', 'would delete b/pic.png', 'Dry run: 1 uploaded, 1 deleted, 1 unchanged in s3://publish-target.']);
    expect(keysAfterDryRun).toEqual(['a.md', 'b/index.md', 'b/pic.png']);
    expect(third.code).toBe(0);
    expect(await keys()).toEqual(['a.md', 'b/index.md']);
    dir.remove();
  });

  it('sends each markdown file\'s first git commit time as metadata, so an undated note keeps its date on the pipeline', async () => {
    // Prepare: a note committed long ago, as an imported back catalogue is
    const dir = tempDir();
    dir.write('content/notes/old-note.md', 'An undated note\n\nWritten years ago.\n');
    dir.write('content/img/pic.png', 'png');
    const git = (...args: string[]) => execFileSync('git', args, {
      cwd: dir.path,
      stdio: 'ignore',
      env: { ...process.env, GIT_AUTHOR_DATE: '2019-04-01T10:00:00Z', GIT_COMMITTER_DATE: '2019-04-01T10:00:00Z', GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@e.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@e.com' },
    });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'notes');
    const metadata = async (key: string) => (await harness.s3.send(new HeadObjectCommand({ Bucket: 'publish-target', Key: key }))).Metadata ?? {};

    // Act
    const { code } = await publish(join(dir.path, 'content'));

    // Assess
    expect(code).toBe(0);
    expect(await metadata('notes/old-note.md')).toEqual({ 'herald-first-seen': '2019-04-01T10:00:00.000Z' });
    expect(await metadata('img/pic.png')).toEqual({});
    dir.remove();
  });

  it('names a file over maxFileBytes, neither uploads nor deletes it, and exits 1', async () => {
    // Prepare
    const dir = tempDir();
    dir.write('content/a.md', '# A\n');
    dir.write('content/big.bin', Buffer.alloc(4096));
    dir.write('settings.json', JSON.stringify({ context: { maxFileBytes: 2048 } }));
    await ensureBucket(harness.s3, 'publish-sizes');
    await harness.s3.send(new PutObjectCommand({ Bucket: 'publish-sizes', Key: 'big.bin', Body: 'an earlier, smaller version' }));
    const out = captureOutput();

    // Act
    const code = await main(['publish', '--bucket', 'publish-sizes', '--endpoint', localUrl(testPort(14_660)), '--content', join(dir.path, 'content'), '--config', join(dir.path, 'settings.json')], out);

    // Assess
    expect(code).toBe(1);
    expect(out.stderr).toEqual(['error: big.bin: file is 4.0 KB, over the 2.0 KB limit for one file (maxFileBytes)']);
    const listed = (await harness.s3.send(new ListObjectsV2Command({ Bucket: 'publish-sizes' }))).Contents?.map((o) => o.Key).sort();
    expect(listed).toEqual(['a.md', 'big.bin']);
    dir.remove();
  });
});
