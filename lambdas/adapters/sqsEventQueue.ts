import type { SQSClient } from '@aws-sdk/client-sqs';
import type { EventQueue } from '../publish/ports';
import { sendMessageBatches } from './sendMessageBatches';

/** The publish function's own (standard) events queue, for the work it hands itself. */
export class SqsEventQueue implements EventQueue {
  constructor(private readonly sqs: SQSClient, private readonly queueUrl: string) {}

  async send(bodies: readonly string[], delaySeconds?: number): Promise<void> {
    // SQS delays a message by at most 15 minutes.
    const delay = delaySeconds === undefined ? {} : { DelaySeconds: Math.min(900, Math.max(0, Math.round(delaySeconds))) };
    await sendMessageBatches(this.sqs, this.queueUrl, bodies.map((body, i) => ({ Id: String(i), MessageBody: body, ...delay })));
  }
}
