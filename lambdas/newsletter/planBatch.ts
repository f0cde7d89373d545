import type { SubscriberStatus } from '../subscriptions/subscriber';
import { FINAL_DELIVERY_STATES, type BatchRecord, type Delivery, type DeliveryBatch, type Recipient } from './campaign';

/** What the next invocation does with each recipient of a batch that is not settled. */
export interface BatchPlan {
  /**
   * Outcomes to record without a send: `unknown` for recipients of a
   * hand-over whose answer was never recorded, `suppressed` for those no
   * longer confirmed.
   */
  readonly record: readonly Delivery[];
  /** Recipients to hand to SES. */
  readonly send: readonly Recipient[];
}

/** Why a recipient of a lost hand-over is not mailed again. */
export const LOST_HAND_OVER = 'the invocation sending it stopped after handing it to SES, before recording the answer';

/**
 * Decides, from a batch's record, what becomes of each recipient without a
 * final outcome. A recipient in the record's last hand-over whose entry does
 * not answer that very call was handed to SES by an invocation that stopped
 * before recording SES's answer: whether SES sent the mail cannot be known, so
 * it is `unknown` and not mailed again (a possible duplicate is worse than a
 * possible miss). Everyone else still confirmed is sent the mail.
 */
export function planBatch(batch: DeliveryBatch, record: BatchRecord, statuses: ReadonlyMap<string, SubscriberStatus>, now: Date): BatchPlan {
  const lost = new Set(record.handOver?.recipients);
  const toRecord: Delivery[] = [];
  const send: Recipient[] = [];
  for (const recipient of batch.recipients) {
    const entry = record.deliveries.get(recipient.id);
    if (entry && FINAL_DELIVERY_STATES.has(entry.state)) continue;
    const base = { campaignId: batch.campaignId, subscriberId: recipient.id, email: recipient.email, batch: batch.batch, attempts: entry?.attempts ?? 0, updatedAt: now.toISOString() };
    const status = statuses.get(recipient.id);
    if (record.handOver && lost.has(recipient.id) && entry?.call !== record.handOver.call) {
      toRecord.push({ ...base, state: 'unknown', attempts: base.attempts + 1, call: record.handOver.call, reason: LOST_HAND_OVER });
    } else if (status !== 'confirmed') {
      toRecord.push({ ...base, state: 'suppressed', reason: status ?? 'erased' });
    } else {
      send.push(recipient);
    }
  }
  return { record: toRecord, send };
}
