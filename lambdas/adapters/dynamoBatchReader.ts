import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BatchReader, BatchView } from '../newsletter/ports';
import type { SubscriberStatus } from '../subscriptions/subscriber';
import { batchGetAll } from './dynamoBatch';
import { batchKey, CONTROL_KEY, toBatchRecord, toPause } from './dynamoCampaignStore';
import { subscriberKey } from './dynamoSubscriberStore';

/**
 * Reads the pause switch and a batch's ledger record from the campaigns table
 * and its recipients' statuses from the subscribers table in one
 * BatchGetItem: every round trip costs the send function more than the
 * items it carries.
 */
export class DynamoBatchReader implements BatchReader {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly tables: { readonly campaigns: string; readonly subscribers: string }) {}

  async read(campaignId: string, batch: number, subscriberIds: readonly string[]): Promise<BatchView> {
    const { campaigns, subscribers } = this.tables;
    const found = await batchGetAll(this.db, [
      { table: campaigns, keys: [CONTROL_KEY, batchKey(campaignId, batch)] },
      { table: subscribers, keys: subscriberIds.map(subscriberKey), projection: { expression: 'id, #status', names: { '#status': 'status' } } },
    ]);
    const ledger = found.get(campaigns) ?? [];
    const pause = toPause(ledger.find((item) => item.pk === CONTROL_KEY.pk));
    return {
      record: toBatchRecord(campaignId, batch, ledger.find((item) => item.pk !== CONTROL_KEY.pk)),
      ...(pause && { pause }),
      statuses: new Map((found.get(subscribers) ?? []).map((item) => [String(item.id), item.status as SubscriberStatus])),
    };
  }
}
