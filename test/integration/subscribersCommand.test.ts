import { DynamoSubscriberStore } from '../../lambdas/adapters/dynamoSubscriberStore';
import { main } from '../../cli/main';
import { localUrl } from '../../cli/local/localPorts';
import { ensureSubscribersTable } from '../../cli/local/provisionLocal';
import { subscriberId } from '../../lambdas/subscriptions/subscriberId';
import { captureOutput } from '../helpers/captureOutput';
import { startHarness, type Harness } from '../helpers/emulatorHarness';
import { tempDir } from '../helpers/tempDir';
import { testPort } from '../helpers/testPort';

jest.setTimeout(30_000);

const PORT = testPort(14_860);

describe('herald subscribers', () => {
  let harness: Harness;
  let store: DynamoSubscriberStore;
  beforeAll(async () => {
    harness = await startHarness(PORT);
    await ensureSubscribersTable(harness.db as never, 'cli-subscribers');
    store = new DynamoSubscriberStore(harness.db, 'cli-subscribers');
  });
  afterAll(async () => harness.stop());

  const run = async (...args: string[]) => {
    const out = captureOutput();
    const code = await main(['subscribers', ...args, '--table', 'cli-subscribers', '--endpoint', localUrl(PORT + 1)], out);
    return { code, out };
  };

  it('imports rows with consent, reports bad rows without stopping, and never overrides an unsubscribe', async () => {
    // Prepare
    const dir = tempDir();
    const at = '2026-01-01T00:00:00.000Z';
    await store.putPending({ id: subscriberId('left@example.com'), email: 'left@example.com', status: 'pending', source: 'form', createdAt: at, updatedAt: at });
    await store.transition(subscriberId('left@example.com'), ['pending'], 'unsubscribed', at);
    const csv = dir.write('list.csv', 'Email,Consent\nada@example.com,yes\ngrace@example.com,no\nnot-an-address,yes\nleft@example.com,yes\n"quoted@example.com",true\n');

    // Act
    const { code, out } = await run('import', csv);

    // Assess
    expect(code).toBe(1);
    expect(out.stderr).toEqual([
      `${csv}:3: grace@example.com: no consent recorded (add a "consent" column or pass --confirmed)`,
      `${csv}:4: not-an-address: That does not look like an email address.`,
    ]);
    expect(out.stdout).toEqual(['2 imported, 1 already known, 2 refused.']);
    expect((await store.get(subscriberId('left@example.com')))?.status).toBe('unsubscribed');
    expect((await store.get(subscriberId('ada@example.com')))?.status).toBe('confirmed');
    dir.remove();
  });

  it('imports every row with --confirmed, then lists, counts, exports and removes', async () => {
    // Prepare
    const dir = tempDir();
    const csv = dir.write('plain.csv', 'email\nzoe@example.com\n');

    // Act
    const imported = await run('import', csv, '--confirmed');
    const count = await run('count', '--status', 'confirmed');
    const list = await run('list', '--status', 'confirmed');
    const exported = await run('export');
    const removed = await run('remove', 'zoe@example.com');
    const after = await run('count', '--status', 'confirmed');

    // Assess
    expect(imported.code).toBe(0);
    expect(count.out.stdout).toEqual(['3']);
    expect(list.out.stdout.map((l) => l.split('\t')[0]).sort()).toEqual(['ada@example.com', 'quoted@example.com', 'zoe@example.com']);
    expect(exported.out.stdout[0]).toBe('email,status,source,createdAt,confirmedAt');
    expect(exported.out.stdout).toContainEqual(expect.stringMatching(/^left@example\.com,unsubscribed,form,/));
    expect(removed.out.stdout).toEqual(['removed zoe@example.com']);
    expect(after.out.stdout).toEqual(['2']);
    dir.remove();
  });

  it('refuses an unknown status with a plain message', async () => {
    // Act
    const { code, out } = await run('list', '--status', 'happy');

    // Assess
    expect(code).toBe(2);
    expect(out.stderr.join('\n')).toMatch(/--status must be one of pending, confirmed/);
  });
});
