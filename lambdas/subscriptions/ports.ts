import type { Subscriber, SubscriberStatus } from './subscriber';

/** Subscriber state, with the conditional writes the flows rely on. */
export interface SubscriberStore {
  get(id: string): Promise<Subscriber | undefined>;
  /** Creates the subscriber as pending, or makes an unsubscribed one pending again; other states are left alone. */
  putPending(subscriber: Subscriber): Promise<void>;
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

/** The newest published article, for the welcome mail. */
export interface LatestArticle {
  readonly title: string;
  readonly url: string;
}

/** Finds the newest published article; undefined while nothing is published. */
export interface LatestArticleSource {
  latest(): Promise<LatestArticle | undefined>;
}
