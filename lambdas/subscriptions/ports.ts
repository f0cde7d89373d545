import type { Cadence, Preferences, Subscriber, SubscriberStatus } from './subscriber';

/** Subscriber state, with the conditional writes the flows rely on. */
export interface SubscriberStore {
  get(id: string): Promise<Subscriber | undefined>;
  /**
   * Creates the subscriber as pending, or makes an unsubscribed one pending
   * again, with the topics of the request; other states are left alone.
   */
  putPending(subscriber: Subscriber): Promise<void>;
  /** Sets what a pending or confirmed subscriber gets; false when they are neither. */
  setPreferences(id: string, preferences: Preferences, now: string): Promise<boolean>;
  /**
   * Records that a confirmation mail goes out now, unless one went out after
   * `notAfter`; false when it is too soon (the re-send limit).
   */
  markConfirmationSent(id: string, now: string, notAfter: string): Promise<boolean>;
  /**
   * Moves `from` → `to`; false when the subscriber was not in `from`. Moving
   * to `unsubscribed` forgets when the last confirmation mail went out.
   */
  transition(id: string, from: readonly SubscriberStatus[], to: SubscriberStatus, now: string): Promise<boolean>;
  /**
   * Counts one request against a key (an IP address) in the current window;
   * false when the limit is already reached. Counters expire on their own.
   */
  withinRateLimit(key: string, limit: number, window: string, expiresAt: number): Promise<boolean>;
  /** How many requests a key has counted in a window so far (0 when none), without counting one. */
  rateCount(key: string, window: string): Promise<number>;
  /** Takes back a confirmation mark written at `at` (the mail could not be sent), so a retry may send it. */
  clearConfirmationSent(id: string, at: string): Promise<void>;
}

/** A subscribe request that passed the request-path checks: its confirmation mail is sent off the request path. */
export interface Invitation {
  readonly email: string;
  /** The topics asked for (none: every article). */
  readonly tags?: readonly string[];
  /** Absent: `each`. */
  readonly cadence?: Cadence;
  /** ISO 8601 instant of the request. */
  readonly requestedAt: string;
}

/** Where subscribe requests wait for their confirmation mail (an SQS queue in AWS). */
export interface InvitationQueue {
  enqueue(invitation: Invitation): Promise<void>;
}

/** A mail to send through SES, with both parts. */
export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Sends transactional mail (confirmation, welcome). */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/** A subscriber's own links, signed: every mail carries both. */
export interface SubscriberLinks {
  /** One-click unsubscribe (RFC 8058), also the List-Unsubscribe header. */
  readonly unsubscribeUrl: string;
  /** The preference page: topics, and unsubscribing. */
  readonly preferencesUrl: string;
}

/** The newest published article, for the welcome mail. */
export interface LatestArticle {
  readonly title: string;
  readonly url: string;
}

/** Finds the newest published article; undefined while nothing is published. */
export interface LatestArticleSource {
  latest(): Promise<LatestArticle | undefined>;
}

/** The topics the site writes about lately, for the preference page to offer. */
export interface TopicSource {
  /** Tags of the newest articles, most used first. */
  topics(): Promise<string[]>;
}
