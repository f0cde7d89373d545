import { randomUUID } from 'node:crypto';
import { FINAL_DELIVERY_STATES, type Campaign, type Delivery, type DeliveryBatch, type Recipient } from './campaign';
import type { SubscriberStatus } from '../subscriptions/subscriber';
import type { BulkMailer, CampaignStore, SendResult, SubscriberDirectory } from './ports';
import { MissingCampaignError } from './errors';
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
  readonly subscribers: SubscriberDirectory;
  readonly mailer: BulkMailer;
  readonly pacer: SendPacer;
  /** The signed one-click unsubscribe URL of a subscriber. */
  readonly unsubscribeUrl: (subscriberId: string) => string;
  /** The signed URL of a subscriber's preference page. */
  readonly preferencesUrl: (subscriberId: string) => string;
  readonly log: SendLog;
  readonly clock?: () => Date;
  /** How long a claim protects a send in progress; longer than an invocation can run. */
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
 * The ledger decides: a recipient is claimed with a conditional write before
 * SES is called, and only a recipient with no entry, or one SES turned away
 * for now (`retry`), can be claimed. So a repeated message, a retried batch or
 * two invocations with the same batch never mail anyone twice.
 *
 * A claim whose lease ran out means its invocation died. If it had not yet
 * recorded the hand-over to SES, the recipient is claimed again; if it had,
 * whether SES sent the mail cannot be known, so the recipient is recorded
 * `unknown` and not mailed again.
 */
export class Sender {
  private readonly clock: () => Date;
  private readonly newsletters = new Map<string, Newsletter>();

  constructor(private readonly deps: SenderDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  async handle(batch: DeliveryBatch): Promise<BatchOutcome> {
    const { campaigns } = this.deps;
    const pause = await campaigns.sendingPause();
    if (pause) return { settled: false, reason: `sending is paused since ${pause.since} (${pause.reason})` };
    const campaign = await campaigns.get(batch.campaignId);
    if (!campaign) throw new MissingCampaignError(batch.campaignId, 'campaign');
    if (campaign.state === 'done' || campaign.state === 'skipped') return { settled: true };
    const newsletter = await this.newsletterOf(batch.campaignId);
    const quotaWait = await this.deps.pacer.dailyQuotaWait(batch.recipients.length);
    if (quotaWait > 0) return { settled: false, reason: 'the account\'s 24-hour sending quota is used up', retryAfterMs: quotaWait };
    // Wait for this batch's share of the sending rate before claiming anyone: an invocation
    // that times out while it waits then leaves nothing behind to sort out.
    await this.deps.pacer.reserve(batch.recipients.length);

    const ids = batch.recipients.map((r) => r.id);
    const ledger = await campaigns.deliveries(batch.campaignId, ids);
    const open = batch.recipients.filter((r) => !FINAL_DELIVERY_STATES.has(ledger.get(r.id)?.state ?? 'retry'));
    const statuses = open.length > 0 ? await this.deps.subscribers.statuses(open.map((r) => r.id)) : new Map<string, SubscriberStatus>();

    const claim = randomUUID();
    const taken = await this.take(batch, open, ledger, statuses, claim);
    const busy = taken.includes('busy');
    const claimed = open.flatMap((recipient, i) => {
      const delivery = taken[i]!;
      return typeof delivery === 'string' ? [] : [{ recipient, claim: delivery }];
    });

    if (claimed.length > 0) await campaigns.markHandedOver(batch.campaignId, claim);
    const retry = claimed.length > 0 ? await this.send(batch.campaignId, newsletter, claimed) : undefined;
    if (retry?.retryAfterMs) return { settled: false, reason: retry.reason, retryAfterMs: retry.retryAfterMs };
    if (busy) return { settled: false, reason: 'another invocation is sending part of this batch' };
    if (retry) return { settled: false, reason: retry.reason };
    return this.settle(batch);
  }

  /**
   * Moves each open recipient on with one conditional write: claimed for this
   * send (the new entry), settled without a send (suppressed, or `unknown`
   * after a crash past the hand-over), or busy (another invocation has it, or won a race).
   */
  private async take(batch: DeliveryBatch, open: readonly Recipient[], ledger: ReadonlyMap<string, Delivery>, statuses: ReadonlyMap<string, SubscriberStatus>, claim: string): Promise<(Delivery | 'settled' | 'busy')[]> {
    const { campaigns } = this.deps;
    const now = this.clock();
    const handedOver = new Map<string, Promise<boolean>>();
    // Each recipient moves on its own conditional write, so they are taken in parallel.
    return Promise.all(open.map(async (recipient): Promise<Delivery | 'settled' | 'busy'> => {
      const entry = ledger.get(recipient.id);
      if (entry?.state === 'sending') {
        if (new Date(entry.leaseUntil ?? 0) > now) return 'busy';
        const lost = entry.claim ?? '';
        if (!handedOver.has(lost)) handedOver.set(lost, campaigns.handedOver(batch.campaignId, lost));
        if (await handedOver.get(lost)) {
          const unknown: Delivery = { ...entry, state: 'unknown', reason: 'the invocation sending it stopped after handing it to SES, before recording the answer', leaseUntil: undefined, claim: undefined, updatedAt: now.toISOString() };
          return (await campaigns.transition(unknown, entry)) ? 'settled' : 'busy';
        }
        // The invocation died before SES saw the request: this recipient can be claimed again.
      }
      const base = { campaignId: batch.campaignId, subscriberId: recipient.id, email: recipient.email, batch: batch.batch, attempts: entry?.attempts ?? 0, updatedAt: now.toISOString() };
      const status = statuses.get(recipient.id);
      if (status !== 'confirmed') return (await campaigns.transition({ ...base, state: 'suppressed', reason: status ?? 'erased' }, entry)) ? 'settled' : 'busy';
      const next: Delivery = { ...base, state: 'sending', attempts: base.attempts + 1, claim, leaseUntil: new Date(now.getTime() + this.deps.leaseMs).toISOString() };
      return (await campaigns.transition(next, entry)) ? next : 'busy';
    }));
  }

  // Sends to the claimed recipients, retrying throttled ones a few times; returns why any are left to retry
  // (and, when the daily quota stopped them, how long to wait).
  private async send(campaignId: string, newsletter: Newsletter, claimed: readonly { recipient: Recipient; claim: Delivery }[]): Promise<{ reason: string; retryAfterMs?: number } | undefined> {
    const { mailer, pacer, log } = this.deps;
    let pending = claimed;
    const attempts = this.deps.attempts ?? 3;
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      if (attempt > 1) await pacer.reserve(pending.length);
      const results = await mailer.send(campaignId, newsletter, pending.map(({ recipient }) => ({ subscriberId: recipient.id, email: recipient.email, unsubscribeUrl: this.deps.unsubscribeUrl(recipient.id), preferencesUrl: this.deps.preferencesUrl(recipient.id) })));
      const retry = pending.filter((_, i) => results[i]!.outcome === 'retry');
      const throttled = results.find((r): r is Extract<SendResult, { outcome: 'retry' }> => r.outcome === 'retry' && r.throttled);
      const final = pending.flatMap(({ claim }, i) => (results[i]!.outcome === 'retry' ? [] : [outcomeEntry(claim, results[i]!, this.clock())]));
      await this.deps.campaigns.record(final);
      const sent = final.filter((d) => d.state === 'sent').length;
      if (sent > 0) log.sent(campaignId, sent);
      final.filter((d) => d.state === 'failed').forEach((d) => log.failed(campaignId, d.email, d.reason ?? ''));
      if (throttled) log.throttled(campaignId, throttled.reason);
      if (retry.length === 0) return undefined;
      const dailyQuota = results.some((r) => r.outcome === 'retry' && r.dailyQuota);
      if (dailyQuota || !throttled || attempt >= attempts) {
        // Release the claims: the next delivery of this message sends them.
        const reason = (results.find((r) => r.outcome === 'retry') as { reason: string }).reason;
        await this.deps.campaigns.record(retry.map(({ claim }) => ({ ...claim, state: 'retry', reason, leaseUntil: undefined, claim: undefined, updatedAt: this.clock().toISOString() })));
        // SES's own word that the day's quota is used up: wait for the window, as a booking over it would.
        return dailyQuota ? { reason, retryAfterMs: pacer.dailyQuotaExceeded() } : { reason };
      }
      await pacer.backoff(attempt);
      pending = retry;
    }
    return undefined;
  }

  // Every recipient has a final outcome: add the batch to the campaign's totals, once.
  private async settle(batch: DeliveryBatch): Promise<BatchOutcome> {
    const { campaigns, log } = this.deps;
    const ledger = await campaigns.deliveries(batch.campaignId, batch.recipients.map((r) => r.id));
    const states = batch.recipients.map((r) => ledger.get(r.id)?.state);
    if (states.some((s) => s === undefined || !FINAL_DELIVERY_STATES.has(s))) return { settled: false, reason: 'some recipients have no outcome yet' };
    const count = (state: string) => states.filter((s) => s === state).length;
    await campaigns.settleBatch(batch.campaignId, batch.batch, { sent: count('sent'), failed: count('failed'), suppressed: count('suppressed'), unknown: count('unknown') });
    if (await campaigns.completeIfSettled(batch.campaignId, this.clock())) {
      const campaign = await campaigns.get(batch.campaignId);
      if (campaign) log.completed(campaign);
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

function outcomeEntry(claim: Delivery, result: SendResult, now: Date): Delivery {
  const base = { ...claim, leaseUntil: undefined, claim: undefined, updatedAt: now.toISOString() };
  switch (result.outcome) {
    case 'sent': return { ...base, state: 'sent', messageId: result.messageId };
    case 'rejected': return { ...base, state: 'failed', reason: result.reason };
    case 'unknown': return { ...base, state: 'unknown', reason: result.reason };
    case 'retry': return { ...base, state: 'retry', reason: result.reason };
  }
}
