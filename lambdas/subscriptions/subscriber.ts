/** Where a subscriber stands. Only `confirmed` subscribers are ever mailed a newsletter. */
export type SubscriberStatus = 'pending' | 'confirmed' | 'unsubscribed' | 'bounced' | 'complained';

/** How a subscriber came in. */
export type SubscriberSource = 'form' | 'import';

/** How often a reader is mailed: a mail for each new article, or one weekly digest of them. */
export type Cadence = 'each' | 'weekly';

/** What a reader chose to get. */
export interface Preferences {
  /**
   * Only articles with one of these tags (as the reader or the tag page gave
   * them; compared by tag slug). Empty: every article.
   */
  readonly tags: readonly string[];
  readonly cadence: Cadence;
}

/** One subscriber; the id is derived from the address (see subscriberId). */
export interface Subscriber {
  readonly id: string;
  readonly email: string;
  readonly status: SubscriberStatus;
  readonly source: SubscriberSource;
  /** ISO 8601 instants. */
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly confirmedAt?: string;
  readonly unsubscribedAt?: string;
  readonly lastConfirmationSentAt?: string;
  /** The reader's topics (absent: every article). */
  readonly tags?: readonly string[];
  /** Absent: `each`. */
  readonly cadence?: Cadence;
}

/** A subscriber's preferences, with the defaults of one who never chose. */
export function preferencesOf(subscriber: Pick<Subscriber, 'tags' | 'cadence'>): Preferences {
  return { tags: subscriber.tags ?? [], cadence: subscriber.cadence ?? 'each' };
}
