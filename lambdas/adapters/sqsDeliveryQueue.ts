import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryBatch } from '../newsletter/campaign';
import type { DeliveryQueue } from '../newsletter/ports';
import { sendMessageBatches } from './sendMessageBatches';

/** Puts delivery batches on the send queue, ten messages per call, retrying entries SQS did not take. */
export class SqsDeliveryQueue implements DeliveryQueue {
  constructor(private readonly sqs: SQSClient, private readonly queueUrl: string) {}

  async enqueue(batches: readonly DeliveryBatch[], options: { readonly delaySeconds?: number } = {}): Promise<void> {
    await sendMessageBatches(this.sqs, this.queueUrl, batches.map((batch) => ({
      Id: String(batch.batch), MessageBody: JSON.stringify(batch), ...(options.delaySeconds && { DelaySeconds: options.delaySeconds }),
    })));
  }
}
