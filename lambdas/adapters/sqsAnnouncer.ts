import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { toAnnouncementMessage } from '../publish/announcementMessage';
import type { Announcer, ArticlePublished } from '../publish/ports';
import { StoreError } from './errors';

/** Puts "article first published" events on the queue the newsletter's notify function reads. */
export class SqsAnnouncer implements Announcer {
  constructor(private readonly sqs: SQSClient, private readonly queueUrl: string) {}

  async announce(event: ArticlePublished): Promise<void> {
    try {
      await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: toAnnouncementMessage(event) }));
    } catch (error) {
      throw new StoreError('SendMessage', this.queueUrl, { cause: error });
    }
  }
}
