import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Invitation, InvitationQueue } from '../subscriptions/ports';
import { StoreError } from './errors';

/** Puts subscribe requests on the invitation queue, which the invite function reads. */
export class SqsInvitationQueue implements InvitationQueue {
  constructor(private readonly sqs: SQSClient, private readonly queueUrl: string) {}

  async enqueue(invitation: Invitation): Promise<void> {
    try {
      await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(invitation) }));
    } catch (error) {
      throw new StoreError('SendMessage', this.queueUrl, { cause: error });
    }
  }
}
