/** Where a subscriber stands. Only `confirmed` subscribers are ever mailed a newsletter. */
export type SubscriberStatus = 'pending' | 'confirmed' | 'unsubscribed' | 'bounced' | 'complained';

/** How a subscriber came in. */
export type SubscriberSource = 'form' | 'import';

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
}
