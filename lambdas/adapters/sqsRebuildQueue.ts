import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { rebuildRequestBody, rebuildRequestId } from '../publish/rebuildRequest';
import type { RebuildQueue, RebuildRequest } from '../publish/ports';
import { StoreError } from './errors';

/** The one message group: FIFO hands Lambda one batch of a group at a time, so the rebuild never runs twice at once. */
export const REBUILD_GROUP = 'site';

/** The rebuild's FIFO queue. */
export class SqsRebuildQueue implements RebuildQueue {
  constructor(private readonly sqs: SQSClient, private readonly queueUrl: string) {}

  async request(request: RebuildRequest): Promise<void> {
    try {
      await this.sqs.send(new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: rebuildRequestBody(request),
        MessageGroupId: REBUILD_GROUP,
        MessageDeduplicationId: rebuildRequestId(request),
      }));
    } catch (error) {
      throw new StoreError('SendMessage', this.queueUrl, { cause: error });
    }
  }
}
