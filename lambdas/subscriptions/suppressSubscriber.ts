import type { SubscriberStore } from './ports';
import { subscriberId } from './subscriberId';
import type { Suppression } from './suppressionsFrom';

/**
 * Stops mailing an address for good after a hard bounce or a complaint,
 * whatever state it was in. Unknown addresses are ignored.
 */
export async function suppressSubscriber(store: SubscriberStore, suppression: Suppression, now: Date): Promise<void> {
  await store.transition(subscriberId(suppression.email), ['pending', 'confirmed', 'unsubscribed', 'bounced', 'complained'], suppression.status, now.toISOString());
}
