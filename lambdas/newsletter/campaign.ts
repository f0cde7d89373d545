/** Where a campaign stands. */
export type CampaignState =
  /** Not mailed, with the reason (draft, too old, `notify: false`, removed). */
  | 'skipped'
  /** The notify function is paging through subscribers and queueing batches. */
  | 'fanning-out'
  /** Every batch is queued; the send function is working through them. */
  | 'sending'
  /** Every recipient has an outcome. */
  | 'done';

/** Why an article gets no newsletter, or a week no digest (`empty-week`: nothing new was published). */
export type SkipReason = 'draft' | 'notify-off' | 'too-old' | 'removed' | 'empty-week';

/** Per-campaign totals, each recipient counted once by its final outcome. */
export interface CampaignCounts {
  readonly recipients: number;
  readonly sent: number;
  /** SES refused the message for this recipient (a permanent rejection). */
  readonly failed: number;
  /** No longer confirmed when their batch came up (unsubscribed, bounced, complained). */
  readonly suppressed: number;
  /**
   * The invocation stopped after handing the batch to SES and before recording
   * the answer, so whether SES sent it is not known. Herald does not resend
   * these: a possible duplicate is worse than a possible miss (docs/newsletter.md, "The limit").
   */
  readonly unknown: number;
}

/**
 * Who a campaign goes to, beyond being confirmed: for an article, the readers
 * who get each article and, if they have topics, share one of its tags; for a
 * weekly digest, the readers who chose the digest and, with topics, share a
 * tag with at least one of its articles. Tags are tag slugs.
 */
export type Audience =
  /** An article's campaign: its tags. */
  | { readonly tags: readonly string[] }
  /** A weekly digest: the tags of each article it lists, in order. */
  | { readonly digest: readonly (readonly string[])[] };

/** One newsletter: an article, mailed at most once to each confirmed subscriber. */
export interface Campaign extends CampaignCounts {
  /** The article's slug: one campaign per article, ever. */
  readonly id: string;
  readonly title: string;
  readonly url: string;
  readonly state: CampaignState;
  readonly skipReason?: SkipReason;
  /** ISO 8601 instants. */
  readonly startedAt: string;
  readonly endedAt?: string;
  /** Batches queued so far, and how many of them have every recipient settled. */
  readonly batches: number;
  readonly batchesDone: number;
  /** Whom the fan-out picks; every confirmed reader when absent (campaigns from before topics). */
  readonly audience?: Audience;
}

/** Where one recipient of a campaign stands; the ledger keeps one per (campaign, subscriber). */
export type DeliveryState =
  /** SES answered with a temporary problem; the next attempt may send it. */
  | 'retry'
  | 'sent'
  | 'failed'
  | 'suppressed'
  | 'unknown';

/** Outcomes after which a recipient is never mailed this campaign again. */
export const FINAL_DELIVERY_STATES: ReadonlySet<DeliveryState> = new Set(['sent', 'failed', 'suppressed', 'unknown']);

/** The ledger entry of one recipient. */
export interface Delivery {
  readonly campaignId: string;
  readonly subscriberId: string;
  readonly email: string;
  readonly batch: number;
  readonly state: DeliveryState;
  /** SES calls this recipient was handed to. */
  readonly attempts: number;
  /** The hand-over (SES call) whose answer this entry records; none for a suppressed recipient. */
  readonly call?: string;
  readonly messageId?: string;
  /** Why it failed, was suppressed or is retried. */
  readonly reason?: string;
  readonly updatedAt: string;
}

/** Recipients handed to SES in one call, recorded before the call is made. */
export interface HandOver {
  /** Names the call: the record version of the write that recorded it, unique in the batch. */
  readonly call: string;
  readonly recipients: readonly string[];
}

/**
 * A batch's ledger, kept as one record: every recipient's entry, the lease of
 * the invocation sending it, and the last hand-over to SES. Each write goes
 * through one conditional write on the record, made only if the record is
 * still at the version the writer knows (docs/newsletter.md, "Exactly once").
 */
export interface BatchRecord {
  /** 0 before the first write; each write adds one. */
  readonly version: number;
  /** ISO 8601; until then the invocation that took it holds the batch. */
  readonly leaseUntil?: string;
  /** Recipients handed to SES whose answer is not recorded yet: set only while a call is in doubt. */
  readonly handOver?: HandOver;
  /** By subscriber id. */
  readonly deliveries: ReadonlyMap<string, Delivery>;
}

/**
 * One conditional write on a batch's record. It is made only if the record is
 * still at version `after` (and the conditions below hold), and it makes the
 * record version `after + 1`.
 */
export interface BatchChange {
  readonly after: number;
  /** Only if no invocation holds a lease at this instant (ISO 8601). */
  readonly free?: string;
  /** Takes the lease until this instant. */
  readonly lease?: string;
  /** Only if the writer's lease lasts at least until this instant. */
  readonly heldUntil?: string;
  /** Gives the lease up. */
  readonly release?: boolean;
  readonly deliveries?: readonly Delivery[];
  /**
   * Recipients about to be handed to SES. A change without one closes the
   * record's last hand-over: the writer has recorded an entry answering (or
   * settling) each of its recipients by then.
   */
  readonly handOver?: HandOver;
}

/** A recipient as the fan-out queues them. */
export interface Recipient {
  readonly id: string;
  readonly email: string;
  /** In a digest: the positions of the articles this reader gets. */
  readonly picks?: readonly number[];
}

/** One send-queue message: up to 50 recipients of one campaign. */
export interface DeliveryBatch {
  readonly campaignId: string;
  /** Unique in the campaign and the same every time the fan-out repeats a page. */
  readonly batch: number;
  readonly recipients: readonly Recipient[];
}

/** Sending stopped by a reputation alarm, until an operator resumes it. */
export interface SendingPause {
  /** ISO 8601. */
  readonly since: string;
  /** The alarm and why it fired. */
  readonly reason: string;
}

/** An article as a weekly digest lists it, kept from its announcement until the digest of its week. */
export interface DigestEntry {
  readonly slug: string;
  readonly title: string;
  readonly url: string;
  readonly summary: string;
  /** Absolute URL of the featured image. */
  readonly image?: string;
  /** Tag slugs, which readers' topics are matched against. */
  readonly tags: readonly string[];
  /** ISO 8601: the article's date, and the author's offset from UTC to show it in. */
  readonly date: string;
  readonly offsetMinutes?: number;
}
