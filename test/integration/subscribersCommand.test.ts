import { DynamoSubscriberStore } from '../../lambdas/adapters/dynamoSubscriberStore';
import { main } from '../../cli/main';
import { LOCAL_NAMES, localUrl } from '../../cli/local/localPorts';
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
    const csv = dir.write('list.csv', 'Email,Consent\nada@example.com,yes\ngrace@example.com,no\nnot-an-address,yes\nleft@example.com,yes\n"quoted@example.com",true\nblank@example.com,\n');
    const noColumn = dir.write('no-consent.csv', 'email\nnone@example.com\n');

    // Act
    const { code, out } = await run('import', csv);
    const withoutColumn = await run('import', noColumn);

    // Assess
    expect(code).toBe(1);
    expect(out.stderr).toEqual([
      `${csv}:3: grace@example.com: the "consent" column says "no", so this reader is not imported (yes, true or 1 imports the row)`,
      `${csv}:4: not-an-address: That does not look like an email address.`,
      `${csv}:7: blank@example.com: the "consent" column is empty (yes, true or 1 imports the row)`,
    ]);
    expect(out.stdout).toEqual(['2 imported, 1 already known, 3 refused.']);
    expect(withoutColumn.out.stderr).toEqual([`${noColumn}:2: none@example.com: no consent recorded (add a "consent" column, yes for each reader who agreed, or pass --confirmed)`]);
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
    expect(exported.out.stdout[0]).toBe('email,status,source,createdAt,confirmedAt,unsubscribedAt,updatedAt,tags,cadence');
    expect(exported.out.stdout).toContainEqual('left@example.com,unsubscribed,form,2026-01-01T00:00:00.000Z,,2026-01-01T00:00:00.000Z,2026-01-01T00:00:00.000Z,,each');
    expect(removed.out.stdout).toEqual(['removed zoe@example.com']);
    expect(after.out.stdout).toEqual(['2']);
    dir.remove();
  });

  it('lists each subscriber with the date of their own status: unsubscribed since they left', async () => {
    // Prepare
    const id = subscriberId('came-and-went@example.com');
    await store.putPending({ id, email: 'came-and-went@example.com', status: 'pending', source: 'form', createdAt: '2026-02-01T00:00:00.000Z', updatedAt: '2026-02-01T00:00:00.000Z' });
    await store.transition(id, ['pending'], 'confirmed', '2026-02-02T00:00:00.000Z');
    await store.transition(id, ['confirmed'], 'unsubscribed', '2026-03-03T00:00:00.000Z');

    // Act
    const { out } = await run('list', '--status', 'unsubscribed');

    // Assess
    expect(out.stdout).toContain('came-and-went@example.com\tunsubscribed\t2026-03-03T00:00:00.000Z\tall\teach');
  });

  it('carries topics and cadence through export and import: "tags" (comma-separated) and "cadence" columns, shown by list', async () => {
    // Prepare: an export of one stack imported into another table (the whole round trip of a move)
    const dir = tempDir();
    const csv = dir.write('topics.csv', 'email,consent,tags,cadence\ntopics-a@example.com,yes,"Rust, AWS Lambda",weekly\ntopics-b@example.com,yes,,\ntopics-c@example.com,yes,"' + 'x'.repeat(81) + '",each\ntopics-d@example.com,yes,,daily\n');
    await ensureSubscribersTable(harness.db as never, 'cli-moved');

    // Act
    const imported = await run('import', csv);
    const listed = await run('list', '--status', 'confirmed');
    const exported = await run('export', '--status', 'confirmed');
    const moved = dir.write('moved.csv', exported.out.stdout.join('\n'));
    const out = captureOutput();
    await main(['subscribers', 'import', moved, '--confirmed', '--table', 'cli-moved', '--endpoint', localUrl(PORT + 1)], out);

    // Assess
    expect(imported.out.stderr).toEqual([
      `${csv}:4: topics-c@example.com: tags: "${'x'.repeat(20)}…" is longer than 80 characters.`,
      `${csv}:5: topics-d@example.com: cadence: choose "each" (a mail for each new article) or "weekly" (one digest a week).`,
    ]);
    expect(listed.out.stdout).toContainEqual(expect.stringMatching(/^topics-a@example\.com\tconfirmed\t\S+\tRust, AWS Lambda\tweekly$/));
    expect(listed.out.stdout).toContainEqual(expect.stringMatching(/^topics-b@example\.com\tconfirmed\t\S+\tall\teach$/));
    expect(exported.out.stdout).toContainEqual(expect.stringMatching(/^topics-a@example\.com,confirmed,import,.*,"Rust,AWS Lambda",weekly$/));
    expect(await new DynamoSubscriberStore(harness.db, 'cli-moved').get(subscriberId('topics-a@example.com'))).toMatchObject({ tags: ['Rust', 'AWS Lambda'], cadence: 'weekly' });
    expect((await new DynamoSubscriberStore(harness.db, 'cli-moved').get(subscriberId('topics-b@example.com')))?.tags).toBeUndefined();
    dir.remove();
  });

  it('finds the local stack on HERALD_DYNAMODB_PORT when no endpoint is given', async () => {
    // Prepare: the harness's dynalite plays a local stack on another port; its table has the local name
    await ensureSubscribersTable(harness.db as never, LOCAL_NAMES.subscribersTable);
    await store.importConfirmed({ id: subscriberId('port@example.com'), email: 'port@example.com', status: 'confirmed', source: 'import', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });
    await new DynamoSubscriberStore(harness.db, LOCAL_NAMES.subscribersTable).importConfirmed({ id: subscriberId('local@example.com'), email: 'local@example.com', status: 'confirmed', source: 'import', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });
    const out = captureOutput();

    // Act
    process.env.HERALD_DYNAMODB_PORT = String(PORT + 1);
    const code = await main(['subscribers', 'list'], out).finally(() => delete process.env.HERALD_DYNAMODB_PORT);

    // Assess
    expect(code).toBe(0);
    expect(out.stdout).toEqual([expect.stringMatching(/^local@example\.com\tconfirmed\t/)]);
  });

  it('says which variable is wrong when a port setting is not a port', async () => {
    // Prepare
    const out = captureOutput();

    // Act
    process.env.HERALD_DYNAMODB_PORT = 'four';
    const code = await main(['campaigns', 'list'], out).finally(() => delete process.env.HERALD_DYNAMODB_PORT);

    // Assess
    expect(code).toBe(2);
    expect(out.stderr.join('\n')).toContain('HERALD_DYNAMODB_PORT must be a port number, got "four"');
  });

  it('refuses an unknown status with a plain message', async () => {
    // Act
    const { code, out } = await run('list', '--status', 'happy');

    // Assess
    expect(code).toBe(2);
    expect(out.stderr.join('\n')).toMatch(/--status must be one of pending, confirmed/);
  });
});
