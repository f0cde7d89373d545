import { spawn, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { rmSync } from 'node:fs';
import startSes from 'aws-ses-v2-local';
import { dynamoClient } from '../../lambdas/adapters/dynamoClient';
import { DynamoSubscriberStore } from '../../lambdas/adapters/dynamoSubscriberStore';
import { subscriberId } from '../../lambdas/subscriptions/subscriberId';
import { localQueueDirectory } from '../../cli/local/eventRouter';
import { LOCAL_NAMES, localUrl } from '../../cli/local/localPorts';
import { article } from '../helpers/emulatorHarness';
import { deliveriesPerRecipient, type StoredMail } from '../helpers/newsletterHarness';
import { tempDir, type TempDir } from '../helpers/tempDir';
import { testPort, testStackPorts } from '../helpers/testPort';

jest.setTimeout(180_000);

const ROOT = resolve(__dirname, '..', '..');
const PORTS = testStackPorts(13_500);
// Outside the stack, so the mailbox outlives the stack being killed.
const SES_PORT = testPort(13_505);
const ARTICLES = 20;
const READERS = ['ada@example.com', 'grace@example.com'];

/** `herald dev` in a child process of its own group, with its output collected line by line. */
class DevProcess {
  readonly lines: string[] = [];
  readonly child: ChildProcess;
  readonly exited: Promise<void>;

  constructor(dir: TempDir) {
    this.child = spawn(process.execPath, [
      join(ROOT, 'bin', 'herald.cjs'), 'dev',
      '--content', join(dir.path, 'content'), '--state', join(dir.path, 'state'), '--config', join(dir.path, 'cdk.json'),
      '--port', String(PORTS.site), '--s3-port', String(PORTS.s3), '--dynamodb-port', String(PORTS.dynamodb), '--ses-url', localUrl(SES_PORT),
    ], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      const text = pending + chunk.toString('utf8');
      const parts = text.split('\n');
      pending = parts.pop()!;
      this.lines.push(...parts);
    });
    this.child.stderr!.resume();
    this.exited = new Promise((done) => this.child.once('exit', () => done()));
  }

  async waitFor(pattern: RegExp, ms = 60_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.lines.some((l) => pattern.test(l))) {
      if (Date.now() > deadline) throw new Error(`herald dev never printed ${pattern}; it printed:\n${this.lines.join('\n')}`);
      if (this.child.exitCode !== null) throw new Error(`herald dev exited with ${this.child.exitCode}:\n${this.lines.join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Kills the whole process group at once, as `kill -9` would, mid-whatever. */
  async kill(signal: NodeJS.Signals): Promise<void> {
    process.kill(-this.child.pid!, signal);
    await this.exited;
  }
}

async function until(ms: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('herald dev killed mid-batch', () => {
  let dir: TempDir;
  let ses: Server;
  const started: DevProcess[] = [];
  beforeAll(async () => {
    dir = tempDir('herald-kill-');
    dir.write('cdk.json', JSON.stringify({ context: { siteTitle: 'Killed', senderAddress: 'news@example.com', welcomeMail: false } }));
    dir.write('content/.keep', '');
    ses = await startSes({ host: '127.0.0.1', port: SES_PORT });
  });
  afterAll(async () => {
    for (const dev of started) if (dev.child.exitCode === null && dev.child.signalCode === null) await dev.kill('SIGKILL');
    await new Promise((done) => ses.close(() => done(undefined)));
    dir.remove();
  });

  it('publishes every article and mails every reader exactly once after a SIGKILL and a restart that lost the queued events', async () => {
    // Prepare: a running stack with two confirmed readers
    const first = new DevProcess(dir);
    started.push(first);
    await first.waitFor(/Herald is running/);
    const subscribers = new DynamoSubscriberStore(dynamoClient(localUrl(PORTS.dynamodb)), LOCAL_NAMES.subscribersTable);
    for (const email of READERS) await subscribers.importConfirmed({ id: subscriberId(email), email, status: 'confirmed', source: 'import', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' });
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');

    // Act: twenty new files, the stack killed once the first batch is handled, and the events it had queued lost
    for (let i = 0; i < ARTICLES; i += 1) dir.write(`content/posts/kill-${i}.md`, article(`Killed ${i}`, now));
    await first.waitFor(/ handled ObjectCreated:\S+ posts\/kill-/);
    await first.kill('SIGKILL');
    rmSync(localQueueDirectory(join(dir.path, 'state'), 'content'), { recursive: true, force: true });
    const second = new DevProcess(dir);
    started.push(second);
    await second.waitFor(/Herald is running/);
    const feed = async () => ((await (await fetch(`${localUrl(PORTS.site)}/feed.json`)).json()) as { items: unknown[] }).items;
    const mails = async () => ((await (await fetch(`${localUrl(SES_PORT)}/store`)).json()) as { emails: StoredMail[] }).emails.filter((m) => m.subject.startsWith('Killed '));
    await until(60_000, async () => (await feed()).length === ARTICLES && (await mails()).length >= ARTICLES * READERS.length);
    await new Promise((r) => setTimeout(r, 2000)); // room for a duplicate to show up, if there were one
    const pages = await Promise.all(Array.from({ length: ARTICLES }, async (_, i) => (await fetch(`${localUrl(PORTS.site)}/posts/kill-${i}/`)).status));
    const perReader = deliveriesPerRecipient(await mails());
    await second.kill('SIGTERM');

    // Assess
    expect(pages).toEqual(Array.from({ length: ARTICLES }, () => 200));
    expect(perReader.size).toBe(ARTICLES * READERS.length);
    expect([...perReader.values()].filter((n) => n !== 1)).toEqual([]);
  });
});
