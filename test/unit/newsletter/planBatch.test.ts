import type { BatchRecord, Delivery, DeliveryBatch, DeliveryState } from '../../../lambdas/newsletter/campaign';
import { LOST_HAND_OVER, planBatch } from '../../../lambdas/newsletter/planBatch';
import type { SubscriberStatus } from '../../../lambdas/subscriptions/subscriber';

const now = new Date('2026-06-01T12:00:00Z');

function makeBatch(): DeliveryBatch {
  return { campaignId: 'spring', batch: 7, recipients: [{ id: 'ann', email: 'ann@example.com' }] };
}

function makeEntry(state: DeliveryState, extra: Partial<Delivery> = {}): Delivery {
  return { campaignId: 'spring', subscriberId: 'ann', email: 'ann@example.com', batch: 7, state, attempts: 1, updatedAt: '2026-06-01T11:00:00Z', ...extra };
}

function makeRecord(entry?: Delivery, handOver?: string): BatchRecord {
  return {
    version: 4,
    ...(handOver && { handOver: { call: handOver, recipients: ['ann'] } }),
    deliveries: new Map(entry ? [['ann', entry]] : []),
  };
}

describe('planBatch', () => {
  it.each<[string, BatchRecord, SubscriberStatus | undefined, 'send' | 'skip' | Partial<Delivery>]>([
    ['no entry yet', makeRecord(), 'confirmed', 'send'],
    ['turned away by SES for now (retry)', makeRecord(makeEntry('retry', { call: '2' })), 'confirmed', 'send'],
    ['sent', makeRecord(makeEntry('sent', { call: '2' })), 'confirmed', 'skip'],
    ['failed', makeRecord(makeEntry('failed', { call: '2' })), 'confirmed', 'skip'],
    ['suppressed', makeRecord(makeEntry('suppressed')), 'unsubscribed', 'skip'],
    ['unknown', makeRecord(makeEntry('unknown', { call: '2' })), 'confirmed', 'skip'],
    ['in the last hand-over, whose answer was never recorded', makeRecord(undefined, '3'), 'confirmed', { state: 'unknown', attempts: 1, call: '3', reason: LOST_HAND_OVER }],
    ['in the last hand-over, with the answer to an earlier call only', makeRecord(makeEntry('retry', { call: '1' }), '3'), 'confirmed', { state: 'unknown', attempts: 2, call: '3', reason: LOST_HAND_OVER }],
    ['in the last hand-over, whose answer was "retry"', makeRecord(makeEntry('retry', { call: '3' }), '3'), 'confirmed', 'send'],
    ['in a lost hand-over and unsubscribed since (the mail may have gone)', makeRecord(undefined, '3'), 'unsubscribed', { state: 'unknown' }],
    ['no longer confirmed', makeRecord(), 'bounced', { state: 'suppressed', attempts: 0, reason: 'bounced' }],
    ['erased', makeRecord(), undefined, { state: 'suppressed', reason: 'erased' }],
  ])('a recipient %s', (_case, record, status, expected) => {
    // Act
    const plan = planBatch(makeBatch(), record, new Map(status ? [['ann', status]] : []), now);

    // Assess
    if (expected === 'send') expect(plan).toEqual({ record: [], send: [{ id: 'ann', email: 'ann@example.com' }] });
    else if (expected === 'skip') expect(plan).toEqual({ record: [], send: [] });
    else expect(plan).toEqual({ record: [expect.objectContaining({ campaignId: 'spring', subscriberId: 'ann', email: 'ann@example.com', batch: 7, updatedAt: now.toISOString(), ...expected })], send: [] });
  });

  it('plans each recipient of a batch on its own', () => {
    // Prepare
    const batch: DeliveryBatch = { campaignId: 'spring', batch: 7, recipients: ['ann', 'bob', 'cy', 'dee'].map((id) => ({ id, email: `${id}@example.com` })) };
    const record: BatchRecord = { version: 2, handOver: { call: '2', recipients: ['bob', 'cy'] }, deliveries: new Map([['ann', { ...makeEntry('sent', { call: '1' }) }], ['cy', { ...makeEntry('retry', { call: '2' }), subscriberId: 'cy', email: 'cy@example.com' }]]) };
    const statuses = new Map<string, SubscriberStatus>([['ann', 'confirmed'], ['bob', 'confirmed'], ['cy', 'confirmed'], ['dee', 'unsubscribed']]);

    // Act
    const plan = planBatch(batch, record, statuses, now);

    // Assess
    expect(plan.send.map((r) => r.id)).toEqual(['cy']);
    expect(plan.record.map((d) => [d.subscriberId, d.state])).toEqual([['bob', 'unknown'], ['dee', 'suppressed']]);
  });
});
