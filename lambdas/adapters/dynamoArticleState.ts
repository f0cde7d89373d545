import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ArticleRecord } from '../publish/articleRecord';
import type { ArticleStateStore, SlugClaim } from '../publish/ports';
import { isAwsError, StoreError } from './errors';

/**
 * Key schema of the articles table, shared with the CDK construct that
 * creates it. One table holds two kinds of item:
 * - `article#<key>`: the record of one content key;
 * - `slug#<slug>`: who owns a slug and when it was first published, kept across renames.
 * Two sparse indexes: `published` (every live article by date) and `due`
 * (work with a time: scheduled articles, expiring ones, announcements to send).
 */
export const ARTICLES_TABLE = {
  partitionKey: 'pk',
  publishedIndex: { name: 'published', partitionKey: 'listed', sortKey: 'listedAt' },
  dueIndex: { name: 'due', partitionKey: 'todo', sortKey: 'todoAt' },
} as const;

// Longer than one publish invocation can run (its timeout is one minute).
const ANNOUNCE_LEASE_MS = 5 * 60_000;

const articlePk = (key: string) => `article#${key}`;
const slugPk = (slug: string) => `slug#${slug}`;

/** Article state in DynamoDB, with conditional writes guarding every race. */
export class DynamoArticleState implements ArticleStateStore {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly table: string) {}

  async get(key: string): Promise<ArticleRecord | undefined> {
    const item = await this.call('GetItem', articlePk(key), () => this.db.send(new GetCommand({ TableName: this.table, Key: { pk: articlePk(key) } })));
    return item.Item ? toRecord(item.Item) : undefined;
  }

  async save(record: ArticleRecord): Promise<boolean> {
    const item = {
      ...record,
      pk: articlePk(record.key),
      ...(record.state === 'published' && { listed: 'published', listedAt: `${record.date}#${record.slug}` }),
      ...todoOf(record),
    };
    return this.conditionally('PutItem', item.pk, () => this.db.send(new PutCommand({
      TableName: this.table,
      Item: item,
      ConditionExpression: 'attribute_not_exists(pk) OR sequencer < :seq OR (sequencer = :seq AND (#hash <> :hash OR #state <> :state))',
      ExpressionAttributeNames: { '#hash': 'hash', '#state': 'state' },
      ExpressionAttributeValues: { ':seq': record.sequencer, ':hash': record.hash, ':state': record.state },
    })));
  }

  async claimSlug(slug: string, key: string): Promise<string> {
    const claimed = await this.conditionally('UpdateItem', slugPk(slug), () => this.db.send(new UpdateCommand({
      TableName: this.table,
      Key: { pk: slugPk(slug) },
      UpdateExpression: 'SET #owner = :key',
      ConditionExpression: 'attribute_not_exists(#owner) OR #owner = :key',
      ExpressionAttributeNames: { '#owner': 'owner' },
      ExpressionAttributeValues: { ':key': key },
    })));
    return claimed ? key : ((await this.claim(slug))?.owner ?? key);
  }

  async releaseSlug(slug: string, key: string): Promise<void> {
    // A failed condition means someone else owns it now: nothing of ours to release.
    await this.conditionally('UpdateItem', slugPk(slug), () => this.db.send(new UpdateCommand({
      TableName: this.table,
      Key: { pk: slugPk(slug) },
      UpdateExpression: 'REMOVE #owner',
      ConditionExpression: '#owner = :key',
      ExpressionAttributeNames: { '#owner': 'owner' },
      ExpressionAttributeValues: { ':key': key },
    })));
  }

  async markFirstPublished(slug: string, at: Date): Promise<boolean> {
    return this.conditionally('UpdateItem', slugPk(slug), () => this.db.send(new UpdateCommand({
      TableName: this.table,
      Key: { pk: slugPk(slug) },
      UpdateExpression: 'SET firstPublishedAt = :at, todo = :announce, todoAt = :at',
      ConditionExpression: 'attribute_not_exists(firstPublishedAt)',
      ExpressionAttributeValues: { ':at': at.toISOString(), ':announce': 'announce' },
    })));
  }

  async claimAnnouncement(slug: string, now: Date): Promise<boolean> {
    return this.conditionally('UpdateItem', slugPk(slug), () => this.db.send(new UpdateCommand({
      TableName: this.table,
      Key: { pk: slugPk(slug) },
      UpdateExpression: 'SET leaseUntil = :until',
      ConditionExpression: 'todo = :announce AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
      ExpressionAttributeValues: { ':announce': 'announce', ':now': now.toISOString(), ':until': new Date(now.getTime() + ANNOUNCE_LEASE_MS).toISOString() },
    })));
  }

  async markAnnounced(slug: string): Promise<void> {
    await this.call('UpdateItem', slugPk(slug), () => this.db.send(new UpdateCommand({
      TableName: this.table,
      Key: { pk: slugPk(slug) },
      UpdateExpression: 'SET announcedAt = :now REMOVE todo, todoAt, leaseUntil',
      ExpressionAttributeValues: { ':now': new Date().toISOString() },
    })));
  }

  async pendingAnnouncements(): Promise<SlugClaim[]> {
    const items = await this.query({
      IndexName: ARTICLES_TABLE.dueIndex.name,
      KeyConditionExpression: 'todo = :announce',
      ExpressionAttributeValues: { ':announce': 'announce' },
    });
    return items.map(toClaim);
  }

  async listPublished(limit?: number): Promise<ArticleRecord[]> {
    const items = await this.query({
      IndexName: ARTICLES_TABLE.publishedIndex.name,
      KeyConditionExpression: 'listed = :published',
      ExpressionAttributeValues: { ':published': 'published' },
      ScanIndexForward: false,
    }, limit);
    return items.map(toRecord);
  }

  async listDue(now: Date): Promise<ArticleRecord[]> {
    const due = (todo: string) => this.query({
      IndexName: ARTICLES_TABLE.dueIndex.name,
      KeyConditionExpression: 'todo = :todo AND todoAt <= :now',
      ExpressionAttributeValues: { ':todo': todo, ':now': now.toISOString() },
    });
    return [...(await due('scheduled')), ...(await due('expiring'))].map(toRecord);
  }

  private async claim(slug: string): Promise<SlugClaim | undefined> {
    const item = await this.call('GetItem', slugPk(slug), () => this.db.send(new GetCommand({ TableName: this.table, Key: { pk: slugPk(slug) }, ConsistentRead: true })));
    return item.Item ? toClaim(item.Item) : undefined;
  }

  private async query(input: Omit<QueryCommandInput, 'TableName'>, limit?: number): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.call('Query', `${this.table}/${input.IndexName}`, () =>
        this.db.send(new QueryCommand({ ...input, TableName: this.table, ExclusiveStartKey: start, ...(limit && { Limit: limit - items.length }) })));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start && (limit === undefined || items.length < limit));
    return items;
  }

  // A conditional write: false when its condition failed, which is an answer, not an error.
  private async conditionally(operation: string, pk: string, send: () => Promise<unknown>): Promise<boolean> {
    try {
      await send();
      return true;
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) return false;
      throw new StoreError(operation, `${this.table}/${pk}`, { cause: error });
    }
  }

  private async call<T>(operation: string, resource: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw new StoreError(operation, `${this.table}/${resource}`, { cause: error });
    }
  }
}

// Sparse index entries: only records with a time-bound next step appear in `due`.
function todoOf(record: ArticleRecord): { todo?: string; todoAt?: string } {
  if (record.state === 'scheduled' && record.visibleFrom) return { todo: 'scheduled', todoAt: record.visibleFrom };
  if (record.state === 'published' && record.expires) return { todo: 'expiring', todoAt: record.expires };
  return {};
}

function toRecord(item: Record<string, unknown>): ArticleRecord {
  const { pk: _pk, listed: _listed, listedAt: _listedAt, todo: _todo, todoAt: _todoAt, ...record } = item;
  return record as unknown as ArticleRecord;
}

function toClaim(item: Record<string, unknown>): SlugClaim {
  return {
    slug: String(item.pk).slice('slug#'.length),
    ...(typeof item.owner === 'string' && { owner: item.owner }),
    ...(typeof item.firstPublishedAt === 'string' && { firstPublishedAt: item.firstPublishedAt }),
  };
}
