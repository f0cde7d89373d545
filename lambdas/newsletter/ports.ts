import type { Cadence, SubscriberStatus } from '../subscriptions/subscriber';
import type { BatchChange, BatchRecord, Campaign, CampaignCounts, Delivery, DeliveryBatch, DigestEntry, Recipient, SendingPause } from './campaign';
import type { Newsletter } from './renderNewsletter';

/** One page of the fan-out, kept so that a repeated fan-out queues exactly the same batches. */
export interface FanOutPage {
  readonly recipients: readonly Recipient[];
  /** Where the next page starts; undefined on the last page. */
  readonly next?: string;
}

/** Where a claimed fan-out resumes. */
export interface FanOutPosition {
  readonly pages: number;
  readonly cursor?: string;
}

/** Campaigns, their pages and the per-batch ledger, with the conditional writes that make sending exactly-once. */
export interface CampaignStore {
  get(id: string): Promise<Campaign | undefined>;
  /** Creates the campaign (and its newsletter) unless one exists for the article; false when it did. */
  create(campaign: Campaign, newsletter?: Newsletter): Promise<boolean>;
  newsletter(id: string): Promise<Newsletter | undefined>;
  /** Takes the fan-out for a lease period; undefined when it is finished or another invocation holds it. */
  claimFanOut(id: string, now: Date, leaseUntil: Date): Promise<FanOutPosition | undefined>;
  /** Stores page `n` unless it is stored already, and returns the stored one. */
  savePage(id: string, n: number, page: FanOutPage): Promise<FanOutPage>;
  page(id: string, n: number): Promise<FanOutPage | undefined>;
  /**
   * Moves the fan-out past page `n` (once), adding its batches and recipients
   * to the totals. After the last page (no `next`) the campaign is `sending`.
   */
  commitPage(id: string, n: number, totals: { batches: number; recipients: number }, next: string | undefined, leaseUntil: Date): Promise<boolean>;
  /**
   * Makes one conditional write on a batch's record; returns the record's new
   * version, or undefined when the record moved on or a lease stood in the way.
   * A write whose answer was lost counts as made if it was.
   */
  writeBatch(campaignId: string, batch: number, change: BatchChange): Promise<number | undefined>;
  /**
   * Adds a settled batch's outcomes to the campaign, once per batch; returns
   * the campaign as it is afterwards, or undefined when the batch was counted already.
   */
  settleBatch(id: string, batch: number, counts: Omit<CampaignCounts, 'recipients'>): Promise<Campaign | undefined>;
  /** Marks the campaign done if the fan-out finished and every batch is settled. */
  completeIfSettled(id: string, now: Date): Promise<boolean>;
  /**
   * Adds an article to the digest campaign `digestId`'s week, unless that
   * week is closed (its digest started) without it; false then, and the
   * article belongs to a later week. Adding an article twice is harmless.
   */
  addToDigest(digestId: string, entry: DigestEntry): Promise<boolean>;
  /** Closes the week of digest `digestId` (nothing can be added any more) and returns its articles; closing again returns the same. */
  closeDigest(digestId: string): Promise<DigestEntry[]>;
  /** Every campaign, newest first. */
  list(): Promise<Campaign[]>;
  /** The ledger of one campaign. */
  listDeliveries(id: string): AsyncGenerator<Delivery>;
  /** Whether sending is paused, and since when and why. */
  sendingPause(): Promise<SendingPause | undefined>;
  /** Pauses sending (keeping the first pause's time and reason if already paused). */
  pauseSending(pause: SendingPause): Promise<void>;
  resumeSending(): Promise<void>;
}

/** Turns the send function's queue consumption off and on, so a pause keeps the queue as it is. */
export interface SendSwitch {
  setEnabled(enabled: boolean): Promise<void>;
}

/** A confirmed subscriber as the fan-out reads them: who, and what they chose. */
export interface Reader {
  readonly id: string;
  readonly email: string;
  /** Their topics; absent: every article. */
  readonly tags?: readonly string[];
  /** Absent: `each`. */
  readonly cadence?: Cadence;
}

/** One page of confirmed subscribers. */
export interface SubscriberPage {
  readonly subscribers: readonly Reader[];
  /** Where the next page starts; undefined on the last page. */
  readonly next?: string;
}

/** The confirmed subscribers, as the newsletter sees them. */
export interface SubscriberDirectory {
  /** One page of confirmed subscribers after `cursor`. */
  confirmedPage(cursor: string | undefined, limit: number): Promise<SubscriberPage>;
}

/** What the send function knows of a batch before it takes it. */
export interface BatchView {
  readonly record: BatchRecord;
  /** Set while sending is paused. */
  readonly pause?: SendingPause;
  /** Each recipient's status now; an erased subscriber is missing. */
  readonly statuses: ReadonlyMap<string, SubscriberStatus>;
}

/** Reads, consistently and in one round trip, what the send function decides a batch on. */
export interface BatchReader {
  read(campaignId: string, batch: number, subscriberIds: readonly string[]): Promise<BatchView>;
}

/** The send queue. */
export interface DeliveryQueue {
  /** Queues batches; with `delaySeconds` (at most 900) they are delivered that much later. */
  enqueue(batches: readonly DeliveryBatch[], options?: { readonly delaySeconds?: number }): Promise<void>;
}

/** One recipient of a bulk send, with their own unsubscribe and preference page links. */
export interface BulkRecipient {
  readonly subscriberId: string;
  readonly email: string;
  readonly unsubscribeUrl: string;
  readonly preferencesUrl: string;
  /** In a digest: the positions of the articles this recipient gets. */
  readonly picks?: readonly number[];
}

/**
 * What became of one recipient of a bulk send. `retry`: SES did not take it
 * (throttled, paused, transient; `dailyQuota` when the account's 24-hour quota is used up); `rejected`: it never will; `unknown`: the
 * connection broke after the request went out.
 */
export type SendResult =
  | { readonly outcome: 'sent'; readonly messageId: string }
  | { readonly outcome: 'retry'; readonly reason: string; readonly throttled: boolean; readonly dailyQuota?: boolean }
  | { readonly outcome: 'rejected'; readonly reason: string }
  | { readonly outcome: 'unknown'; readonly reason: string };

/** Sends one newsletter to up to 50 recipients in one call; results are in recipient order. */
export interface BulkMailer {
  send(campaignId: string, newsletter: Newsletter, recipients: readonly BulkRecipient[]): Promise<SendResult[]>;
}
