import type { SNSEvent } from 'aws-lambda';
import type { SubscriberStore } from '../../subscriptions/ports';
import { suppressionsFrom, type Suppression } from '../../subscriptions/suppressionsFrom';
import { suppressSubscriber } from '../../subscriptions/suppressSubscriber';

/** Applies every bounce and complaint in an SNS delivery; returns what it suppressed. */
export async function handleSesFeedback(event: SNSEvent, store: SubscriberStore, now: Date): Promise<Suppression[]> {
  const applied: Suppression[] = [];
  for (const record of event.Records) {
    for (const suppression of suppressionsFrom(record.Sns.Message)) {
      await suppressSubscriber(store, suppression, now);
      applied.push(suppression);
    }
  }
  return applied;
}
