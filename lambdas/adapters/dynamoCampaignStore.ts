import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BatchChange, BatchRecord, Campaign, CampaignCounts, Delivery, DigestEntry, SendingPause } from '../newsletter/campaign';
import type { CampaignStore, FanOutPage, FanOutPosition } from '../newsletter/ports';
import type { Newsletter } from '../newsletter/renderNewsletter';
import { isAwsError, StoreError } from './errors';
import { isTransientStoreError, pauseBeforeRound, STORE_ROUNDS } from './storeRounds';

/**
 * Key schema of the campaigns table, shared with the CDK construct and the
 * local stack. Each campaign is one partition, `campaign#<slug>`, holding the
 * campaign item, its newsletter, the fan-out's pages and one ledger record per
 * batch (`batch#<n>`: its recipients' entries by subscriber id, the lease and
 * the last hand-over to SES); a sparse index lists campaigns by start.
 */
export const CAMPAIGNS_TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLive: 'expiresAt',
  startedIndex: { name: 'started', partitionKey: 'kind', sortKey: 'startedAt' },
} as const;

const pk = (id: string) => `campaign#${id}`;
/** The item outside every campaign that holds the pause switch. */
export const CONTROL_KEY = { pk: 'control', sk: 'sending' } as const;
// A digest's week: one item in the digest campaign's partition, an attribute per article, and `closed` once it started.
const WEEK = 'week';
const ARTICLE_ATTRIBUTE = 'article:';
const CAMPAIGN = 'campaign';
const NEWSLETTER = 'newsletter';
const pageSk = (n: number) => `page#${String(n).padStart(6, '0')}`;
const batchSk = (n: number) => `batch#${String(n).padStart(6, '0')}`;
/** The key of a batch's ledger record. */
export const batchKey = (campaignId: string, batch: number) => ({ pk: pk(campaignId), sk: batchSk(batch) });
const BATCH_PREFIX = 'batch#';
// Pages are only needed while the fan-out may repeat; they go a week later.
const SCRATCH_TTL_SECONDS = 7 * 86_400;
const scratchExpiry = () => Math.floor(Date.now() / 1000) + SCRATCH_TTL_SECONDS;

const CAMPAIGN_FIELDS = ['id', 'title', 'url', 'state', 'skipReason', 'startedAt', 'endedAt', 'batches', 'batchesDone', 'recipients', 'sent', 'failed', 'suppressed', 'unknown', 'audience'] as const;
// What a batch record keeps per recipient; the campaign, subscriber and batch are in its key.
const ENTRY_FIELDS = ['email', 'state', 'attempts', 'call', 'messageId', 'reason', 'updatedAt'] as const;

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

  async writeBatch(campaignId: string, batch: number, change: BatchChange): Promise<number | undefined> {
    const key = batchKey(campaignId, batch);
    // Stamped on the record, so that after an error it is plain whether this very write landed.
    const token = randomUUID();
    const input = { TableName: this.table, Key: key, ...batchUpdate(change, token) };
    let failure: unknown;
    for (let round = 1; ; round += 1) {
      try {
        await this.db.send(new UpdateCommand(input));
        return change.after + 1;
      } catch (error) {
        if (!isAwsError(error, 'ConditionalCheckFailedException') && !isTransientStoreError(error)) throw new StoreError('UpdateItem', `${this.table}/${key.pk}/${key.sk}`, { cause: error });
        failure = error;
      }
      // The write failed, or its answer was lost on the way back (then an SDK retry finds its own write and fails the condition).
      try {
        const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
        if (Item?.lastWrite === token) return change.after + 1;
        if (!allows(Item, change)) return undefined;
      } catch (error) {
        if (!isTransientStoreError(error)) throw new StoreError('GetItem', `${this.table}/${key.pk}/${key.sk}`, { cause: error });
        failure = error;
      }
      if (round === STORE_ROUNDS) throw new StoreError('UpdateItem', `${this.table}/${key.pk}/${key.sk}`, { cause: failure });
      await pauseBeforeRound(round);
    }
  }

  async settleBatch(id: string, batch: number, counts: Omit<CampaignCounts, 'recipients'>): Promise<Campaign | undefined> {
    // The set of settled batches makes the addition happen once, however often a batch is retried.
    const updated = await this.update(pk(id), CAMPAIGN, {
      UpdateExpression: 'ADD settled :batch, batchesDone :one, sent :sent, failed :failed, suppressed :suppressed, #unknown :unknown',
      ConditionExpression: 'NOT contains(settled, :n)',
      ExpressionAttributeNames: { '#unknown': 'unknown' },
      ExpressionAttributeValues: { ':batch': new Set([batch]), ':n': batch, ':one': 1, ':sent': counts.sent, ':failed': counts.failed, ':suppressed': counts.suppressed, ':unknown': counts.unknown },
      ReturnValues: 'ALL_NEW',
    });
    return updated && (pick(updated, CAMPAIGN_FIELDS) as unknown as Campaign);
  }

  async completeIfSettled(id: string, now: Date): Promise<boolean> {
    return (await this.update(pk(id), CAMPAIGN, {
      UpdateExpression: 'SET #state = :done, endedAt = :now',
      ConditionExpression: '#state = :sending AND batchesDone = batches',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':done': 'done', ':sending': 'sending', ':now': now.toISOString() },
    })) !== undefined;
  }

  async addToDigest(digestId: string, entry: DigestEntry): Promise<boolean> {
    // One item, so the close below and this condition see each other: an article is in the week the close returns, or in none.
    return (await this.update(pk(digestId), WEEK, {
      UpdateExpression: 'SET #article = :entry',
      ConditionExpression: 'attribute_not_exists(closed) OR attribute_exists(#article)',
      ExpressionAttributeNames: { '#article': `${ARTICLE_ATTRIBUTE}${entry.slug}` },
      ExpressionAttributeValues: { ':entry': entry },
    })) !== undefined;
  }

  async closeDigest(digestId: string): Promise<DigestEntry[]> {
    const week = await this.update(pk(digestId), WEEK, { UpdateExpression: 'SET closed = :yes', ExpressionAttributeValues: { ':yes': true }, ReturnValues: 'ALL_NEW' });
    return Object.entries(week ?? {}).filter(([name]) => name.startsWith(ARTICLE_ATTRIBUTE)).map(([, entry]) => entry as DigestEntry);
  }

  async list(): Promise<Campaign[]> {
    const campaigns: Campaign[] = [];
    for await (const item of this.query({ IndexName: CAMPAIGNS_TABLE.startedIndex.name, KeyConditionExpression: 'kind = :campaign', ExpressionAttributeValues: { ':campaign': CAMPAIGN }, ScanIndexForward: false })) {
      campaigns.push(pick(item, CAMPAIGN_FIELDS) as unknown as Campaign);
    }
    return campaigns;
  }

  async *listDeliveries(id: string): AsyncGenerator<Delivery> {
    for await (const item of this.query({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :batch)', ExpressionAttributeValues: { ':pk': pk(id), ':batch': BATCH_PREFIX } })) {
      yield* toBatchRecord(id, batchNumber(item), item).deliveries.values();
    }
  }

  /** Erases a subscriber from every campaign's ledger (a request to be forgotten); returns how many entries went. */
  async forgetRecipient(subscriberId: string): Promise<number> {
    let forgotten = 0;
    const names = { '#to': 'to', '#id': subscriberId };
    for (const campaign of await this.list()) {
      // The fan-out put each subscriber in one batch of a campaign; only that record holds them.
      const holding = this.query({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :batch)', FilterExpression: 'attribute_exists(#to.#id)', ProjectionExpression: 'sk', ExpressionAttributeNames: names, ExpressionAttributeValues: { ':pk': pk(campaign.id), ':batch': BATCH_PREFIX } });
      for await (const { sk } of holding) {
        // No new version: a batch being sent now keeps its lease and writes on.
        if (await this.update(pk(campaign.id), String(sk), { UpdateExpression: 'REMOVE #to.#id', ConditionExpression: 'attribute_exists(#to.#id)', ExpressionAttributeNames: names })) forgotten += 1;
      }
    }
    return forgotten;
  }

  async sendingPause(): Promise<SendingPause | undefined> {
    return toPause(await this.getItem(CONTROL_KEY.pk, CONTROL_KEY.sk));
  }

  async pauseSending(pause: SendingPause): Promise<void> {
    await this.update(CONTROL_KEY.pk, CONTROL_KEY.sk, {
      UpdateExpression: 'SET paused = :yes, since = :since, reason = :reason',
      ConditionExpression: 'attribute_not_exists(paused) OR paused = :no',
      ExpressionAttributeValues: { ':yes': true, ':no': false, ':since': pause.since, ':reason': pause.reason },
    });
  }

  async resumeSending(): Promise<void> {
    await this.update(CONTROL_KEY.pk, CONTROL_KEY.sk, { UpdateExpression: 'SET paused = :no REMOVE since, reason', ExpressionAttributeValues: { ':no': false } });
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

// A batch record holds addresses; it goes after this long without a write, when no retry of its batch can still come.
const LEDGER_TTL_SECONDS = 400 * 86_400;

/**
 * The UpdateItem of one batch change: the version moves on by one, and the
 * condition holds the record to the version the writer knows, so a write
 * based on an outdated read never lands (docs/newsletter.md, "Exactly once").
 */
function batchUpdate(change: BatchChange, token: string): Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName' | 'Key'> {
  const set = ['version = :next', 'lastWrite = :token', 'expiresAt = :expires'];
  const conditions = [change.after === 0 ? 'attribute_not_exists(version)' : 'version = :after'];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':next': change.after + 1, ':token': token, ':expires': Math.floor(Date.now() / 1000) + LEDGER_TTL_SECONDS, ...(change.after > 0 && { ':after': change.after }) };
  if (change.free) {
    conditions.push('(attribute_not_exists(leaseUntil) OR leaseUntil < :free)');
    values[':free'] = change.free;
  }
  if (change.heldUntil) {
    conditions.push('leaseUntil >= :held');
    values[':held'] = change.heldUntil;
  }
  if (change.lease) {
    set.push('leaseUntil = :lease');
    values[':lease'] = change.lease;
  }
  if (change.handOver) {
    set.push('handOver = :handOver');
    values[':handOver'] = { call: change.handOver.call, recipients: change.handOver.recipients };
  }
  const deliveries = change.deliveries ?? [];
  if (change.after === 0 || deliveries.length > 0) names['#to'] = 'to';
  if (change.after === 0) {
    // The first write creates the map of entries; later ones set single entries in it.
    set.push('#to = :to');
    values[':to'] = Object.fromEntries(deliveries.map((d) => [d.subscriberId, entryOf(d)]));
  } else {
    deliveries.forEach((d, i) => {
      set.push(`#to.#s${i} = :s${i}`);
      names[`#s${i}`] = d.subscriberId;
      values[`:s${i}`] = entryOf(d);
    });
  }
  // A write without a new hand-over closes the last one: by then an entry answers each of its recipients.
  const remove = [...(change.release ? ['leaseUntil'] : []), ...(change.handOver ? [] : ['handOver'])];
  return {
    UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
    ConditionExpression: conditions.join(' AND '),
    ...(Object.keys(names).length > 0 && { ExpressionAttributeNames: names }),
    ExpressionAttributeValues: values,
  };
}

// Whether a change's condition holds on the record as it is (undefined: no record yet).
function allows(item: Record<string, unknown> | undefined, change: BatchChange): boolean {
  const leaseUntil = typeof item?.leaseUntil === 'string' ? item.leaseUntil : undefined;
  if (Number(item?.version ?? 0) !== change.after) return false;
  if (change.free && leaseUntil !== undefined && leaseUntil >= change.free) return false;
  return !change.heldUntil || (leaseUntil !== undefined && leaseUntil >= change.heldUntil);
}

function entryOf(delivery: Delivery): Record<string, unknown> {
  return pick(delivery as unknown as Record<string, unknown>, ENTRY_FIELDS);
}

/** A batch's ledger record as stored; undefined (no record yet) is version 0 with no entries. */
export function toBatchRecord(campaignId: string, batch: number, item: Record<string, unknown> | undefined): BatchRecord {
  if (!item) return { version: 0, deliveries: new Map() };
  const entries = (item.to ?? {}) as Record<string, Record<string, unknown>>;
  const handOver = item.handOver as { call: string; recipients: string[] } | undefined;
  return {
    version: Number(item.version ?? 0),
    ...(typeof item.leaseUntil === 'string' && { leaseUntil: item.leaseUntil }),
    ...(handOver && { handOver: { call: String(handOver.call), recipients: handOver.recipients } }),
    deliveries: new Map(Object.entries(entries).map(([subscriberId, entry]) => [subscriberId, { campaignId, subscriberId, batch, ...pick(entry, ENTRY_FIELDS) } as unknown as Delivery])),
  };
}

function batchNumber(item: Record<string, unknown>): number {
  return Number(String(item.sk).slice(BATCH_PREFIX.length));
}

/** The pause switch as stored: undefined unless sending is paused. */
export function toPause(item: Record<string, unknown> | undefined): SendingPause | undefined {
  return item?.paused ? { since: String(item.since), reason: String(item.reason) } : undefined;
}

function pick(item: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => item[f] !== undefined).map((f) => [f, item[f]]));
}
