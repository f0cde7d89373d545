import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Campaign, CampaignCounts, Delivery, SendingPause } from '../newsletter/campaign';
import type { CampaignStore, FanOutPage, FanOutPosition } from '../newsletter/ports';
import type { Newsletter } from '../newsletter/renderNewsletter';
import { batchGetAll, batchPutAll } from './dynamoBatch';
import { isAwsError, StoreError } from './errors';

/**
 * Key schema of the campaigns table, shared with the CDK construct and the
 * local stack. Each campaign is one partition, `campaign#<slug>`, holding the
 * campaign item, its newsletter, the fan-out's pages and one ledger entry per
 * recipient (`to#<subscriber id>`); a sparse index lists campaigns by start.
 */
export const CAMPAIGNS_TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLive: 'expiresAt',
  startedIndex: { name: 'started', partitionKey: 'kind', sortKey: 'startedAt' },
} as const;

const pk = (id: string) => `campaign#${id}`;
// One item outside every campaign holds the pause switch.
const CONTROL = { pk: 'control', sk: 'sending' } as const;
const CAMPAIGN = 'campaign';
const NEWSLETTER = 'newsletter';
const pageSk = (n: number) => `page#${String(n).padStart(6, '0')}`;
const deliverySk = (subscriberId: string) => `to#${subscriberId}`;
const handOverSk = (claim: string) => `handover#${claim}`;
// Pages and hand-over marks are only needed while a batch may repeat; they go a week later.
const SCRATCH_TTL_SECONDS = 7 * 86_400;
const scratchExpiry = () => Math.floor(Date.now() / 1000) + SCRATCH_TTL_SECONDS;

const CAMPAIGN_FIELDS = ['id', 'title', 'url', 'state', 'skipReason', 'startedAt', 'endedAt', 'batches', 'batchesDone', 'recipients', 'sent', 'failed', 'suppressed', 'unknown', 'audience'] as const;
const DELIVERY_FIELDS = ['campaignId', 'subscriberId', 'email', 'batch', 'state', 'attempts', 'leaseUntil', 'claim', 'messageId', 'reason', 'updatedAt'] as const;

/** Campaigns and the delivery ledger in DynamoDB. */
export class DynamoCampaignStore implements CampaignStore {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly table: string) {}

  async get(id: string): Promise<Campaign | undefined> {
    const item = await this.getItem(pk(id), CAMPAIGN);
    return item && (pick(item, CAMPAIGN_FIELDS) as unknown as Campaign);
  }

  async create(campaign: Campaign, newsletter?: Newsletter): Promise<boolean> {
    // The newsletter goes first, so no batch can arrive before there is something to send.
    if (newsletter) await this.putIfAbsent({ pk: pk(campaign.id), sk: NEWSLETTER, ...newsletter });
    return this.putIfAbsent({ pk: pk(campaign.id), sk: CAMPAIGN, kind: CAMPAIGN, ...campaign, pages: 0 });
  }

  async newsletter(id: string): Promise<Newsletter | undefined> {
    const item = await this.getItem(pk(id), NEWSLETTER);
    return item && { subject: String(item.subject), html: String(item.html), text: String(item.text) };
  }

  async claimFanOut(id: string, now: Date, leaseUntil: Date): Promise<FanOutPosition | undefined> {
    const updated = await this.update(pk(id), CAMPAIGN, {
      UpdateExpression: 'SET fanOutLeaseUntil = :until',
      ConditionExpression: '#state = :fanningOut AND (attribute_not_exists(fanOutLeaseUntil) OR fanOutLeaseUntil < :now)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':until': leaseUntil.toISOString(), ':now': now.toISOString(), ':fanningOut': 'fanning-out' },
      ReturnValues: 'ALL_NEW',
    });
    if (!updated) return undefined;
    return { pages: Number(updated.pages ?? 0), ...(typeof updated.fanOutCursor === 'string' && { cursor: updated.fanOutCursor }) };
  }

  async savePage(id: string, n: number, page: FanOutPage): Promise<FanOutPage> {
    if (await this.putIfAbsent({ pk: pk(id), sk: pageSk(n), recipients: page.recipients, next: page.next, expiresAt: scratchExpiry() })) return page;
    return (await this.page(id, n))!;
  }

  async page(id: string, n: number): Promise<FanOutPage | undefined> {
    const item = await this.getItem(pk(id), pageSk(n));
    return item && { recipients: item.recipients as FanOutPage['recipients'], ...(typeof item.next === 'string' && { next: item.next }) };
  }

  async commitPage(id: string, n: number, totals: { batches: number; recipients: number }, next: string | undefined, leaseUntil: Date): Promise<boolean> {
    // The last page ends the fan-out in the same write, so no retry can mistake "finished" for "not started".
    const position = next === undefined ? '#state = :sending REMOVE fanOutCursor, fanOutLeaseUntil' : 'fanOutCursor = :cursor, fanOutLeaseUntil = :until';
    return (await this.update(pk(id), CAMPAIGN, {
      UpdateExpression: `SET pages = :next, ${position} ADD batches :batches, recipients :recipients`,
      ConditionExpression: 'pages = :n',
      ...(next === undefined && { ExpressionAttributeNames: { '#state': 'state' } }),
      ExpressionAttributeValues: {
        ':n': n, ':next': n + 1, ':batches': totals.batches, ':recipients': totals.recipients,
        ...(next === undefined ? { ':sending': 'sending' } : { ':cursor': next, ':until': leaseUntil.toISOString() }),
      },
    })) !== undefined;
  }

  async deliveries(campaignId: string, subscriberIds: readonly string[]): Promise<Map<string, Delivery>> {
    const items = await batchGetAll(this.db, this.table, subscriberIds.map((id) => ({ pk: pk(campaignId), sk: deliverySk(id) })));
    return new Map(items.map((item) => [String(item.subscriberId), toDelivery(item)]));
  }

  async transition(next: Delivery, expected: Delivery | undefined): Promise<boolean> {
    const condition = expected === undefined
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : {
        ConditionExpression: `#state = :state AND attempts = :attempts AND ${expected.leaseUntil ? 'leaseUntil = :lease' : 'attribute_not_exists(leaseUntil)'}`,
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':state': expected.state, ':attempts': expected.attempts, ...(expected.leaseUntil && { ':lease': expected.leaseUntil }) },
      };
    try {
      await this.db.send(new PutCommand({ TableName: this.table, Item: deliveryItem(next), ...condition }));
      return true;
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) return false;
      throw new StoreError('PutItem', `${this.table}/${pk(next.campaignId)}/${deliverySk(next.subscriberId)}`, { cause: error });
    }
  }

  async markHandedOver(campaignId: string, claim: string): Promise<void> {
    try {
      await this.db.send(new PutCommand({ TableName: this.table, Item: { pk: pk(campaignId), sk: handOverSk(claim), expiresAt: scratchExpiry() } }));
    } catch (error) {
      throw new StoreError('PutItem', `${this.table}/${pk(campaignId)}/${handOverSk(claim)}`, { cause: error });
    }
  }

  async handedOver(campaignId: string, claim: string): Promise<boolean> {
    return (await this.getItem(pk(campaignId), handOverSk(claim))) !== undefined;
  }

  async record(deliveries: readonly Delivery[]): Promise<void> {
    await batchPutAll(this.db, this.table, deliveries.map(deliveryItem));
  }

  async settleBatch(id: string, batch: number, counts: Omit<CampaignCounts, 'recipients'>): Promise<boolean> {
    // The set of settled batches makes the addition happen once, however often a batch is retried.
    return (await this.update(pk(id), CAMPAIGN, {
      UpdateExpression: 'ADD settled :batch, batchesDone :one, sent :sent, failed :failed, suppressed :suppressed, #unknown :unknown',
      ConditionExpression: 'NOT contains(settled, :n)',
      ExpressionAttributeNames: { '#unknown': 'unknown' },
      ExpressionAttributeValues: { ':batch': new Set([batch]), ':n': batch, ':one': 1, ':sent': counts.sent, ':failed': counts.failed, ':suppressed': counts.suppressed, ':unknown': counts.unknown },
    })) !== undefined;
  }

  async completeIfSettled(id: string, now: Date): Promise<boolean> {
    return (await this.update(pk(id), CAMPAIGN, {
      UpdateExpression: 'SET #state = :done, endedAt = :now',
      ConditionExpression: '#state = :sending AND batchesDone = batches',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':done': 'done', ':sending': 'sending', ':now': now.toISOString() },
    })) !== undefined;
  }

  async list(): Promise<Campaign[]> {
    const campaigns: Campaign[] = [];
    for await (const item of this.query({ IndexName: CAMPAIGNS_TABLE.startedIndex.name, KeyConditionExpression: 'kind = :campaign', ExpressionAttributeValues: { ':campaign': CAMPAIGN }, ScanIndexForward: false })) {
      campaigns.push(pick(item, CAMPAIGN_FIELDS) as unknown as Campaign);
    }
    return campaigns;
  }

  async *listDeliveries(id: string): AsyncGenerator<Delivery> {
    for await (const item of this.query({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :to)', ExpressionAttributeValues: { ':pk': pk(id), ':to': 'to#' } })) {
      yield toDelivery(item);
    }
  }

  /** Erases a subscriber from every campaign's ledger (a request to be forgotten); returns how many entries went. */
  async forgetRecipient(subscriberId: string): Promise<number> {
    let forgotten = 0;
    for (const campaign of await this.list()) {
      try {
        const { Attributes } = await this.db.send(new DeleteCommand({ TableName: this.table, Key: { pk: pk(campaign.id), sk: deliverySk(subscriberId) }, ReturnValues: 'ALL_OLD' }));
        if (Attributes) forgotten += 1;
      } catch (error) {
        throw new StoreError('DeleteItem', `${this.table}/${pk(campaign.id)}/${deliverySk(subscriberId)}`, { cause: error });
      }
    }
    return forgotten;
  }

  async sendingPause(): Promise<SendingPause | undefined> {
    const item = await this.getItem(CONTROL.pk, CONTROL.sk);
    return item?.paused ? { since: String(item.since), reason: String(item.reason) } : undefined;
  }

  async pauseSending(pause: SendingPause): Promise<void> {
    await this.update(CONTROL.pk, CONTROL.sk, {
      UpdateExpression: 'SET paused = :yes, since = :since, reason = :reason',
      ConditionExpression: 'attribute_not_exists(paused) OR paused = :no',
      ExpressionAttributeValues: { ':yes': true, ':no': false, ':since': pause.since, ':reason': pause.reason },
    });
  }

  async resumeSending(): Promise<void> {
    await this.update(CONTROL.pk, CONTROL.sk, { UpdateExpression: 'SET paused = :no REMOVE since, reason', ExpressionAttributeValues: { ':no': false } });
  }

  private async *query(input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName' | 'ExclusiveStartKey'>): AsyncGenerator<Record<string, unknown>> {
    let start: Record<string, unknown> | undefined;
    do {
      let page;
      try {
        page = await this.db.send(new QueryCommand({ TableName: this.table, ...input, ExclusiveStartKey: start }));
      } catch (error) {
        throw new StoreError('Query', this.table, { cause: error });
      }
      yield* page.Items ?? [];
      start = page.LastEvaluatedKey;
    } while (start);
  }

  private async getItem(partition: string, sk: string): Promise<Record<string, unknown> | undefined> {
    try {
      return (await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: partition, sk }, ConsistentRead: true }))).Item;
    } catch (error) {
      throw new StoreError('GetItem', `${this.table}/${partition}/${sk}`, { cause: error });
    }
  }

  private async putIfAbsent(item: Record<string, unknown>): Promise<boolean> {
    try {
      await this.db.send(new PutCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) return false;
      throw new StoreError('PutItem', `${this.table}/${String(item.pk)}/${String(item.sk)}`, { cause: error });
    }
  }

  // The updated item, or undefined when the condition did not hold.
  private async update(partition: string, sk: string, expression: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName' | 'Key'>): Promise<Record<string, unknown> | undefined> {
    try {
      const { Attributes } = await this.db.send(new UpdateCommand({ TableName: this.table, Key: { pk: partition, sk }, ...expression }));
      return Attributes ?? {};
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) return undefined;
      throw new StoreError('UpdateItem', `${this.table}/${partition}/${sk}`, { cause: error });
    }
  }
}

// A ledger entry holds an address; it goes after this long, when no retry of its batch can still come.
const LEDGER_TTL_SECONDS = 400 * 86_400;

function deliveryItem(delivery: Delivery): Record<string, unknown> {
  return { pk: pk(delivery.campaignId), sk: deliverySk(delivery.subscriberId), ...delivery, expiresAt: Math.floor(Date.parse(delivery.updatedAt) / 1000) + LEDGER_TTL_SECONDS };
}

function toDelivery(item: Record<string, unknown>): Delivery {
  return pick(item, DELIVERY_FIELDS) as unknown as Delivery;
}

function pick(item: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => item[f] !== undefined).map((f) => [f, item[f]]));
}
