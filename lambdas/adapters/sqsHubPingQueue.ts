import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { HubPing, HubPingQueue } from '../websub/ports';
import { StoreError } from './errors';

/** Puts WebSub pings on their queue, the ping function's. */
export class SqsHubPingQueue implements HubPingQueue {
  constructor(private readonly sqs: SQSClient, private readonly queueUrl: string) {}

  async enqueue(ping: HubPing, delaySeconds = 0): Promise<void> {
    try {
      await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(ping), ...(delaySeconds > 0 && { DelaySeconds: delaySeconds }) }));
    } catch (error) {
      throw new StoreError('SendMessage', this.queueUrl, { cause: error });
    }
  }
}
