import type { MiddlewareStack } from '@smithy/types';
import { localUrl } from '../../cli/local/localPorts';
import { ensureCampaignsTable, ensureSubscribersTable } from '../../cli/local/provisionLocal';
import { DynamoBatchReader } from '../../lambdas/adapters/dynamoBatchReader';
import { dynamoClient } from '../../lambdas/adapters/dynamoClient';
import { DynamoCampaignStore } from '../../lambdas/adapters/dynamoCampaignStore';
import type { Delivery } from '../../lambdas/newsletter/campaign';
import { startHarness, type Harness } from '../helpers/emulatorHarness';
import { testPort } from '../helpers/testPort';

jest.setTimeout(30_000);

const BASE_PORT = testPort(14_910);
const T0 = '2026-06-01T12:00:00.000Z';
const T1 = '2026-06-01T12:04:00.000Z';
const LATER = '2026-06-01T12:05:00.000Z';

let tables = 0;

function makeDelivery(subscriberId: string, state: Delivery['state']): Delivery {
  return { campaignId: 'spring', subscriberId, email: `${subscriberId}@example.com`, batch: 3, state, attempts: 1, call: '1', updatedAt: T0 };
}

describe('DynamoCampaignStore.writeBatch: one conditional write on a batch\'s ledger record', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(BASE_PORT);
  });
  afterAll(async () => harness.stop());

  async function freshStore(db = harness.db): Promise<{ store: DynamoCampaignStore; reader: DynamoBatchReader }> {
    const names = { campaigns: `ledger-${++tables}`, subscribers: `ledger-subscribers-${tables}` };
    await ensureCampaignsTable(harness.db as never, names.campaigns);
    await ensureSubscribersTable(harness.db as never, names.subscribers);
    return { store: new DynamoCampaignStore(db, names.campaigns), reader: new DynamoBatchReader(db, names) };
  }

  it('lets one of two invocations take a batch, and the other neither then nor while the lease lasts', async () => {
    // Prepare
    const { store, reader } = await freshStore();
    const take = () => store.writeBatch('spring', 3, { after: 0, free: T0, lease: T1, handOver: { call: '1', recipients: ['ann'] } });

    // Act
    const both = await Promise.all([take(), take()]);
    const whileHeld = await store.writeBatch('spring', 3, { after: 1, free: '2026-06-01T12:03:59.000Z', lease: LATER });
    const afterwards = await store.writeBatch('spring', 3, { after: 1, free: LATER, lease: '2026-06-01T12:09:00.000Z', deliveries: [makeDelivery('ann', 'unknown')], handOver: { call: '2', recipients: ['bob'] } });

    // Assess
    expect(both.sort()).toEqual([1, undefined]);
    expect(whileHeld).toBeUndefined();
    expect(afterwards).toBe(2);
    expect((await reader.read('spring', 3, [])).record).toMatchObject({ version: 2, leaseUntil: '2026-06-01T12:09:00.000Z', handOver: { call: '2', recipients: ['bob'] } });
  });

  it('refuses a write from a holder the record has moved on from, so its outcomes never replace newer ones', async () => {
    // Prepare: the holder wrote version 1; another invocation took over (version 2) and recorded ann unknown
    const { store, reader } = await freshStore();
    await store.writeBatch('spring', 3, { after: 0, free: T0, lease: T1, handOver: { call: '1', recipients: ['ann'] } });
    await store.writeBatch('spring', 3, { after: 1, free: LATER, deliveries: [makeDelivery('ann', 'unknown')] });

    // Act
    const late = await store.writeBatch('spring', 3, { after: 1, deliveries: [makeDelivery('ann', 'sent')], release: true });

    // Assess: and the hand-over, answered, is closed
    expect(late).toBeUndefined();
    const { record } = await reader.read('spring', 3, []);
    expect(record.deliveries.get('ann')).toMatchObject({ state: 'unknown' });
    expect(record.handOver).toBeUndefined();
  });

  it('counts a write whose answer was lost on the way back as made, though the SDK\'s retry of it failed its condition', async () => {
    // Prepare: the first UpdateItem lands, then the connection resets; the SDK tries again and meets its own write
    const db = dynamoClient(localUrl(BASE_PORT + 1));
    let lost = 0;
    (db.middlewareStack as unknown as MiddlewareStack<object, object>).add((next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'UpdateItemCommand' && lost++ === 0) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      return result;
    }, { step: 'deserialize', name: 'loseOneAnswer' });
    const { store, reader } = await freshStore(db);

    // Act
    const version = await store.writeBatch('spring', 3, { after: 0, free: T0, lease: T1, handOver: { call: '1', recipients: ['ann', 'bob'] } });

    // Assess
    expect({ lost, version }).toEqual({ lost: 2, version: 1 });
    expect((await reader.read('spring', 3, [])).record).toMatchObject({ version: 1, handOver: { call: '1', recipients: ['ann', 'bob'] } });
  });
});
