import type { Campaign, Delivery, DeliveryBatch, HandOver, Recipient } from './campaign';
import type { BatchReader, BulkMailer, BulkRecipient, CampaignStore, SendResult } from './ports';
import { BatchTakenOverError, MissingCampaignError } from './errors';
import { planBatch } from './planBatch';
import type { Newsletter } from './renderNewsletter';
import type { SendPacer } from './sendPacer';

/** What the send function reports, for logs and metrics. */
export interface SendLog {
  sent(campaignId: string, count: number): void;
  failed(campaignId: string, email: string, reason: string): void;
  throttled(campaignId: string, reason: string): void;
  /** The campaign's last batch settled: every recipient has an outcome. */
  completed(campaign: Campaign): void;
}

/** Everything the send function works with. */
export interface SenderDeps {
  readonly campaigns: CampaignStore;
  /** What a batch is decided on: its ledger record, the pause switch and its recipients' statuses. */
  readonly batches: BatchReader;
  readonly mailer: BulkMailer;
  readonly pacer: SendPacer;
  /** The signed one-click unsubscribe URL of a subscriber. */
  readonly unsubscribeUrl: (subscriberId: string) => string;
  /** The signed URL of a subscriber's preference page. */
  readonly preferencesUrl: (subscriberId: string) => string;
  readonly log: SendLog;
  readonly clock?: () => Date;
  /** How long an invocation holds a batch: twice the longest an invocation can run. */
  readonly leaseMs: number;
  /** SES calls per batch when it throttles, before the batch goes back to the queue. @default 3 */
  readonly attempts?: number;
}

/**
 * The outcome of one batch: settled, or to be retried later (with why). With
 * `retryAfterMs` the batch waits for the account's daily quota: it is not a
 * failure, and the caller puts it back on the queue with a delay rather than
 * let it use up its receives.
 */
export type BatchOutcome = { readonly settled: true } | { readonly settled: false; readonly reason: string; readonly retryAfterMs?: number };

/**
 * Sends one batch of a campaign, exactly once per recipient.
 *
 * The batch's ledger is one record, and every write to it is one conditional
 * write that lands only if the record is still as the writer last saw it. An
 * invocation reads the record, then in one write takes the batch's lease,
 * records what it learnt (recipients no longer confirmed, a dead invocation's
 * lost hand-over) and hands the rest over to SES; after SES answers it
 * records every outcome in one more write. So a repeated message, a retried
 * batch or two invocations with the same batch never mail anyone twice: the
 * second writer's condition fails, and it leaves the batch to the first.
 *
 * A hand-over whose outcomes were never recorded means its invocation died
 * between the two writes: whether SES sent those mails cannot be known, so
 * the next invocation records them `unknown` and does not mail them again.
 */
export class Sender {
  private readonly clock: () => Date;
  private readonly newsletters = new Map<string, Newsletter>();

  constructor(private readonly deps: SenderDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** @throws BatchTakenOverError when this invocation outlived its lease (it stops; the batch is retried). */
  async handle(batch: DeliveryBatch): Promise<BatchOutcome> {
    const { campaigns, batches, pacer } = this.deps;
    const newsletter = await this.newsletterOf(batch.campaignId);
    const quotaWait = await pacer.dailyQuotaWait(batch.recipients.length);
    if (quotaWait > 0) return { settled: false, reason: 'the account\'s 24-hour sending quota is used up', retryAfterMs: quotaWait };
    // Wait for this batch's share of the sending rate before reading: the read is then fresh when the batch is taken.
    await pacer.reserve(batch.recipients.length);

    const { record, pause, statuses } = await batches.read(batch.campaignId, batch.batch, batch.recipients.map((r) => r.id));
    if (pause) return { settled: false, reason: `sending is paused since ${pause.since} (${pause.reason})` };
    const now = this.clock();
    const plan = planBatch(batch, record, statuses, now);
    const ledger = new Map(record.deliveries);
    if (plan.record.length === 0 && plan.send.length === 0) return this.settle(batch, ledger);
    if (record.leaseUntil && new Date(record.leaseUntil) > now) return { settled: false, reason: 'another invocation is sending this batch' };

    // Everything the SES request needs is ready before the hand-over, so the window between the two is as short as can be.
    const bulk = new Map(plan.send.map((r) => [r.id, { subscriberId: r.id, email: r.email, unsubscribeUrl: this.deps.unsubscribeUrl(r.id), preferencesUrl: this.deps.preferencesUrl(r.id), ...(r.picks && { picks: r.picks }) }]));
    const handOver = plan.send.length > 0 ? { call: String(record.version + 1), recipients: plan.send.map((r) => r.id) } : undefined;
    const version = await campaigns.writeBatch(batch.campaignId, batch.batch, {
      after: record.version,
      free: now.toISOString(),
      deliveries: plan.record,
      ...(handOver && { lease: new Date(now.getTime() + this.deps.leaseMs).toISOString(), handOver }),
    });
    if (version === undefined) return { settled: false, reason: 'another invocation took this batch first' };
    plan.record.forEach((d) => ledger.set(d.subscriberId, d));
    if (handOver) {
      const left = await this.send(batch, newsletter, { version, handOver }, plan.send, bulk, ledger);
      if (left) return { settled: false, ...left };
    }
    return this.settle(batch, ledger);
  }

  // Sends to the handed-over recipients, retrying throttled ones a few times, and records every answer; returns why any
  // are left to retry (and, when the daily quota stopped them, how long to wait). `ledger` gets the recorded outcomes.
  private async send(batch: DeliveryBatch, newsletter: Newsletter, held: { version: number; handOver: HandOver }, recipients: readonly Recipient[], bulk: ReadonlyMap<string, BulkRecipient>, ledger: Map<string, Delivery>): Promise<{ reason: string; retryAfterMs?: number } | undefined> {
    const { campaigns, mailer, pacer, log } = this.deps;
    const attempts = this.deps.attempts ?? 3;
    let { version, handOver } = held;
    let pending = recipients;
    for (let attempt = 1; ; attempt += 1) {
      if (attempt > 1) {
        await pacer.reserve(pending.length);
        handOver = { call: String(version + 1), recipients: pending.map((r) => r.id) };
        // A live invocation always has half its lease left (the lease is twice the function's timeout); one with
        // less has outlived its time and must not hand anything more to SES.
        const heldUntil = new Date(this.clock().getTime() + this.deps.leaseMs / 2).toISOString();
        version = (await campaigns.writeBatch(batch.campaignId, batch.batch, { after: version, heldUntil, handOver })) ?? takenOver(batch);
      }
      const results = await mailer.send(batch.campaignId, newsletter, pending.map((r) => bulk.get(r.id)!));
      const now = this.clock().toISOString();
      const outcomes = pending.map((r, i) => outcomeEntry(batch, r, ledger.get(r.id), handOver.call, results[i]!, now));
      const retry = pending.filter((_, i) => results[i]!.outcome === 'retry');
      const throttled = results.find((r): r is Extract<SendResult, { outcome: 'retry' }> => r.outcome === 'retry' && r.throttled);
      const dailyQuota = results.some((r) => r.outcome === 'retry' && r.dailyQuota);
      const again = retry.length > 0 && throttled !== undefined && !dailyQuota && attempt < attempts;
      // Recorded whatever SES said, `retry` included, so that no answered recipient counts as lost; the lease goes with the last write.
      version = (await campaigns.writeBatch(batch.campaignId, batch.batch, { after: version, deliveries: outcomes, release: !again })) ?? takenOver(batch);
      outcomes.forEach((d) => ledger.set(d.subscriberId, d));
      const sent = outcomes.filter((d) => d.state === 'sent').length;
      if (sent > 0) log.sent(batch.campaignId, sent);
      outcomes.filter((d) => d.state === 'failed').forEach((d) => log.failed(batch.campaignId, d.email, d.reason ?? ''));
      if (throttled) log.throttled(batch.campaignId, throttled.reason);
      if (retry.length === 0) return undefined;
      if (!again) {
        const reason = (results.find((r) => r.outcome === 'retry') as { reason: string }).reason;
        // SES's own word that the day's quota is used up: wait for the window, as a booking over it would.
        return dailyQuota ? { reason, retryAfterMs: pacer.dailyQuotaExceeded() } : { reason };
      }
      await pacer.backoff(attempt);
      pending = retry;
    }
  }

  // Every recipient has a final outcome: add the batch to the campaign's totals, once, and finish the campaign after its last batch.
  private async settle(batch: DeliveryBatch, ledger: ReadonlyMap<string, Delivery>): Promise<BatchOutcome> {
    const { campaigns, log } = this.deps;
    const states = batch.recipients.map((r) => ledger.get(r.id)!.state);
    const count = (state: string) => states.filter((s) => s === state).length;
    const campaign = await campaigns.settleBatch(batch.campaignId, batch.batch, { sent: count('sent'), failed: count('failed'), suppressed: count('suppressed'), unknown: count('unknown') });
    // Counted before (a repeat) may mean an invocation died between the count and the completion, so look again.
    if ((!campaign || isComplete(campaign)) && (await campaigns.completeIfSettled(batch.campaignId, this.clock()))) {
      const done = await campaigns.get(batch.campaignId);
      if (done) log.completed(done);
    }
    return { settled: true };
  }

  private async newsletterOf(campaignId: string): Promise<Newsletter> {
    let newsletter = this.newsletters.get(campaignId);
    if (!newsletter) {
      newsletter = await this.deps.campaigns.newsletter(campaignId);
      if (!newsletter) throw new MissingCampaignError(campaignId, 'newsletter');
      this.newsletters.set(campaignId, newsletter);
    }
    return newsletter;
  }
}

function isComplete(campaign: Campaign): boolean {
  return campaign.state === 'sending' && campaign.batchesDone === campaign.batches;
}

function takenOver(batch: DeliveryBatch): never {
  throw new BatchTakenOverError(batch.campaignId, batch.batch);
}

function outcomeEntry(batch: DeliveryBatch, recipient: Recipient, entry: Delivery | undefined, call: string, result: SendResult, now: string): Delivery {
  const base = { campaignId: batch.campaignId, subscriberId: recipient.id, email: recipient.email, batch: batch.batch, attempts: (entry?.attempts ?? 0) + 1, call, updatedAt: now };
  switch (result.outcome) {
    case 'sent': return { ...base, state: 'sent', messageId: result.messageId };
    case 'rejected': return { ...base, state: 'failed', reason: result.reason };
    case 'unknown': return { ...base, state: 'unknown', reason: result.reason };
    case 'retry': return { ...base, state: 'retry', reason: result.reason };
  }
}
