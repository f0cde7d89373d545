import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { StoreError } from './errors';

const ROUNDS = 5;

/** Sends messages ten per call, retrying the entries SQS did not take. */
export async function sendMessageBatches(sqs: SQSClient, queueUrl: string, entries: readonly SendMessageBatchRequestEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 10) {
    let pending = entries.slice(i, i + 10);
    for (let round = 0; pending.length > 0; round += 1) {
      let failed;
      try {
        ({ Failed: failed } = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending })));
      } catch (error) {
        throw new StoreError('SendMessageBatch', queueUrl, { cause: error });
      }
      const retry = new Set((failed ?? []).map((f) => f.Id));
      pending = pending.filter((e) => retry.has(e.Id));
      if (pending.length > 0 && round + 1 === ROUNDS) {
        throw new StoreError('SendMessageBatch', queueUrl, { cause: new Error(`${pending.length} messages refused: ${failed?.[0]?.Message ?? 'no reason given'}`) });
      }
    }
  }
}
