import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryBatch } from '../newsletter/campaign';
import type { DeliveryQueue } from '../newsletter/ports';
import { StoreError } from './errors';

const ROUNDS = 5;

/** Puts delivery batches on the send queue, ten messages per call, retrying entries SQS did not take. */
export class SqsDeliveryQueue implements DeliveryQueue {
  constructor(private readonly sqs: SQSClient, private readonly queueUrl: string) {}

  async enqueue(batches: readonly DeliveryBatch[], options: { readonly delaySeconds?: number } = {}): Promise<void> {
    for (let i = 0; i < batches.length; i += 10) {
      let entries = batches.slice(i, i + 10).map((batch) => ({ Id: String(batch.batch), MessageBody: JSON.stringify(batch), ...(options.delaySeconds && { DelaySeconds: options.delaySeconds }) }));
      for (let round = 0; entries.length > 0; round += 1) {
        let failed;
        try {
          ({ Failed: failed } = await this.sqs.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries })));
        } catch (error) {
          throw new StoreError('SendMessageBatch', this.queueUrl, { cause: error });
        }
        const retry = new Set((failed ?? []).map((f) => f.Id));
        entries = entries.filter((e) => retry.has(e.Id));
        if (entries.length > 0 && round + 1 === ROUNDS) {
          throw new StoreError('SendMessageBatch', this.queueUrl, { cause: new Error(`${entries.length} messages refused: ${failed?.[0]?.Message ?? 'no reason given'}`) });
        }
      }
    }
  }
}
