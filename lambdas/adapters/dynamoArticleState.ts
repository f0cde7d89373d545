import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { MonthSummary } from '../site/archivePaths';
import type { ArticlePublished, ArticleStateStore, RebuildJournal, RenderState, Shelf } from '../publish/ports';
import type { SlugRecord } from '../publish/slugRecord';
import type { SourceRecord } from '../publish/sourceRecord';
import { batchGetAll } from './dynamoBatch';
import { isAwsError, StoreError } from './errors';

/**
 * Key schema of the articles table, shared with the CDK construct that
 * creates it. One table (partition key only) holds:
 * - `article#<key>`: one content key's record (the publish function's);
 * - `slug#<slug>`: one URL: its claimants, live article, first publication, redirect;
 * - `announce#<slug>`: a first publication not yet handed to the newsletter;
 * - `tagged#<tag>#<slug>`: a live slug on a tag's listing, with a copy of its listing;
 * - `months#<tag>` (`months#` for the site): the months of a listing, with their counts;
 * - `site#render`, `site#recent`: the re-render's progress, the rebuild's journal;
 * - `site#feeds`: the digest of each feed the last rebuild wrote, when a WebSub hub is set.
 * Four sparse indexes: `published` (live slugs by date under `published`,
 * and each tag's under `tag#<tag>`, so a month is a key prefix), `due` (work with a
 * time: scheduled and expiring slugs, deletions ending their grace,
 * announcements), `sources` (every key in key order, for reconcile) and
 * `unapplied` (commits the rebuild has not applied yet). Slug items also
 * carry `month` (YYYY-MM), ready for a by-month index.
 */
export const ARTICLES_TABLE = {
  partitionKey: 'pk',
  publishedIndex: { name: 'published', partitionKey: 'listed', sortKey: 'listedAt' },
  dueIndex: { name: 'due', partitionKey: 'todo', sortKey: 'todoAt' },
  sourcesIndex: { name: 'sources', partitionKey: 'source', sortKey: 'key' },
  unappliedIndex: { name: 'unapplied', partitionKey: 'unapplied', sortKey: 'committedAt' },
} as const;

/** Every index of the articles table, for the construct and the local stack. */
export const ARTICLES_INDEXES = [ARTICLES_TABLE.publishedIndex, ARTICLES_TABLE.dueIndex, ARTICLES_TABLE.sourcesIndex, ARTICLES_TABLE.unappliedIndex] as const;

type Item = Record<string, unknown>;

const articlePk = (key: string) => `article#${key}`;
const slugPk = (slug: string) => `slug#${slug}`;
const announcePk = (slug: string) => `announce#${slug}`;
const taggedPk = (tag: string, slug: string) => `tagged#${tag}#${slug}`;
const monthsPk = (tag: string) => `months#${tag}`;
// The `published` index's partition of a listing: the site's, or one tag's.
const listedValue = (tag: string | undefined) => (tag ? `tag#${tag}` : 'published');
const RENDER_PK = 'site#render';
const RECENT_PK = 'site#recent';
const FEEDS_PK = 'site#feeds';

/** Article state in DynamoDB, with conditional writes guarding every race. */
export class DynamoArticleState implements ArticleStateStore {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly table: string) {}

  async source(key: string): Promise<SourceRecord | undefined> {
    const item = await this.get(articlePk(key));
    return item ? toSource(item) : undefined;
  }

  async commitSource(record: SourceRecord, readV: number | undefined): Promise<boolean> {
    const update = new UpdateBuilder();
    update.set('key', record.key).set('v', record.v).set('state', record.state).set('committedAt', record.committedAt)
      .set('released', [...record.released]).set('source', 'source');
    for (const field of ['hash', 'etag', 'slug', 'entry', 'renderVersion', 'error', 'firstSeen', 'deleteAt'] as const) update.setOrRemove(field, record[field]);
    update.setOrRemove('unapplied', record.applied ? undefined : 'unapplied');
    update.setOrRemove('todo', record.state === 'deleting' ? 'withdraw' : undefined).setOrRemove('todoAt', record.state === 'deleting' ? record.deleteAt : undefined);
    return this.conditionally('UpdateItem', articlePk(record.key), () => this.db.send(new UpdateCommand({
      TableName: this.table,
      Key: { pk: articlePk(record.key) },
      ...update.build(readV === undefined ? 'attribute_not_exists(pk)' : '#v = :readV', readV === undefined ? {} : { ':readV': readV }),
    })));
  }

  async markApplied(key: string, v: number, outcome: { liveSlug?: string; blockedBy?: string }): Promise<void> {
    const update = new UpdateBuilder().setOrRemove('unapplied', undefined).setOrRemove('blockedBy', outcome.blockedBy);
    if (outcome.liveSlug !== undefined) update.add('liveSlugs', new Set([outcome.liveSlug]));
    // A newer commit since the rebuild read it: that one has its own request, and stays unapplied.
    await this.conditionally('UpdateItem', articlePk(key), () => this.db.send(new UpdateCommand({
      TableName: this.table, Key: { pk: articlePk(key) }, ...update.build('#v = :seen', { ':seen': v }),
    })));
  }

  async sources(after: string | undefined, limit: number): Promise<SourceRecord[]> {
    const items = await this.query({
      IndexName: ARTICLES_TABLE.sourcesIndex.name,
      KeyConditionExpression: after === undefined ? '#source = :source' : '#source = :source AND #key > :after',
      ExpressionAttributeNames: { '#source': 'source', ...(after !== undefined && { '#key': 'key' }) },
      ExpressionAttributeValues: { ':source': 'source', ...(after !== undefined && { ':after': after }) },
    }, limit);
    return items.map(toSource);
  }

  async dueWithdrawals(now: Date): Promise<SourceRecord[]> {
    return (await this.due('withdraw', now)).map(toSource);
  }

  async unapplied(before: Date): Promise<SourceRecord[]> {
    const items = await this.query({
      IndexName: ARTICLES_TABLE.unappliedIndex.name,
      KeyConditionExpression: 'unapplied = :u AND committedAt < :before',
      ExpressionAttributeValues: { ':u': 'unapplied', ':before': before.toISOString() },
    });
    return items.map(toSource);
  }

  async slug(slug: string): Promise<SlugRecord | undefined> {
    const item = await this.get(slugPk(slug));
    return item ? toSlug(item) : undefined;
  }

  async slugs(slugs: readonly string[]): Promise<SlugRecord[]> {
    if (slugs.length === 0) return [];
    const found = await batchGetAll(this.db, [{ table: this.table, keys: slugs.map((s) => ({ pk: slugPk(s) })) }]);
    return (found.get(this.table) ?? []).map(toSlug);
  }

  async claim(slug: string, key: string): Promise<void> {
    await this.call('UpdateItem', slugPk(slug), () => this.db.send(new UpdateCommand({
      TableName: this.table,
      Key: { pk: slugPk(slug) },
      UpdateExpression: 'SET slug = :slug ADD claimants :key',
      ExpressionAttributeValues: { ':slug': slug, ':key': new Set([key]) },
    })));
  }

  async unclaim(slug: string, key: string): Promise<void> {
    // Without the condition an update would create an empty slug item.
    await this.conditionally('UpdateItem', slugPk(slug), () => this.db.send(new UpdateCommand({
      TableName: this.table,
      Key: { pk: slugPk(slug) },
      UpdateExpression: 'DELETE claimants :key',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':key': new Set([key]) },
    })));
  }

  async saveSlug(record: SlugRecord): Promise<void> {
    const { listing, due } = record;
    const update = new UpdateBuilder().set('slug', record.slug).set('aliases', [...record.aliases]);
    for (const field of ['owner', 'firstPublishedAt', 'id', 'redirectTo'] as const) update.setOrRemove(field, record[field]);
    update.setOrRemove('listing', listing)
      .setOrRemove('listed', listing && 'published').setOrRemove('listedAt', listing && `${listing.date}#${record.slug}`)
      .setOrRemove('month', listing?.date.slice(0, 7))
      .setOrRemove('todo', due?.todo).setOrRemove('todoAt', due?.at);
    await this.call('UpdateItem', slugPk(record.slug), () => this.db.send(new UpdateCommand({ TableName: this.table, Key: { pk: slugPk(record.slug) }, ...update.build() })));
  }

  async listed(shelf: { readonly tag?: string; readonly month?: string }, limit?: number): Promise<SlugRecord[]> {
    const items = await this.query({
      IndexName: ARTICLES_TABLE.publishedIndex.name,
      KeyConditionExpression: shelf.month === undefined ? 'listed = :listed' : 'listed = :listed AND begins_with(listedAt, :month)',
      ExpressionAttributeValues: { ':listed': listedValue(shelf.tag), ...(shelf.month !== undefined && { ':month': `${shelf.month}-` }) },
      ScanIndexForward: false,
    }, limit);
    return items.map(toSlug);
  }

  async shelve(tag: string, record: SlugRecord): Promise<void> {
    const { listing } = record;
    if (!listing) return;
    const item = { pk: taggedPk(tag, record.slug), slug: record.slug, listing, listed: listedValue(tag), listedAt: `${listing.date}#${record.slug}`, ...(record.id !== undefined && { id: record.id }) };
    await this.call('PutItem', item.pk, () => this.db.send(new PutCommand({ TableName: this.table, Item: item })));
  }

  async unshelve(tag: string, slug: string): Promise<void> {
    await this.call('DeleteItem', taggedPk(tag, slug), () => this.db.send(new DeleteCommand({ TableName: this.table, Key: { pk: taggedPk(tag, slug) } })));
  }

  async months(tags: readonly string[]): Promise<Map<string, MonthSummary[]>> {
    const found = new Map<string, MonthSummary[]>(tags.map((tag) => [tag, []]));
    if (tags.length === 0) return found;
    const items = (await batchGetAll(this.db, [{ table: this.table, keys: [...new Set(tags)].map((tag) => ({ pk: monthsPk(tag) })) }])).get(this.table) ?? [];
    for (const item of items) {
      const months = (item.months ?? {}) as Record<string, { count: number; updated: string }>;
      found.set(String(item.tag), Object.entries(months).map(([month, m]) => ({ month, count: Number(m.count), updated: new Date(m.updated) })).sort((a, b) => b.month.localeCompare(a.month)));
    }
    return found;
  }

  async saveMonths(tag: string, months: readonly MonthSummary[]): Promise<void> {
    const item = { pk: monthsPk(tag), tag, months: Object.fromEntries(months.map((m) => [m.month, { count: m.count, updated: m.updated.toISOString() }])) };
    await this.call('PutItem', item.pk, () => this.db.send(new PutCommand({ TableName: this.table, Item: item })));
  }

  async dueSlugs(now: Date): Promise<string[]> {
    return [...(await this.due('scheduled', now)), ...(await this.due('expiring', now))].map((item) => String(item.slug));
  }

  async addAnnouncement(event: ArticlePublished): Promise<void> {
    await this.conditionally('PutItem', announcePk(event.slug), () => this.db.send(new PutCommand({
      TableName: this.table,
      Item: { pk: announcePk(event.slug), ...event, todo: 'announce', todoAt: event.firstPublishedAt },
      ConditionExpression: 'attribute_not_exists(pk)',
    })));
  }

  async pendingAnnouncements(): Promise<ArticlePublished[]> {
    return (await this.due('announce')).map((item) => ({
      slug: String(item.slug), key: String(item.key), url: String(item.url), firstPublishedAt: String(item.firstPublishedAt),
    }));
  }

  async removeAnnouncement(slug: string): Promise<void> {
    await this.call('DeleteItem', announcePk(slug), () => this.db.send(new DeleteCommand({ TableName: this.table, Key: { pk: announcePk(slug) } })));
  }

  async renderState(): Promise<RenderState> {
    const item = await this.get(RENDER_PK);
    return {
      ...(typeof item?.version === 'string' && { version: item.version }),
      ...(typeof item?.runningUntil === 'string' && { runningUntil: item.runningUntil }),
    };
  }

  async saveRenderState(state: RenderState): Promise<void> {
    await this.call('PutItem', RENDER_PK, () => this.db.send(new PutCommand({ TableName: this.table, Item: { pk: RENDER_PK, ...state } })));
  }

  async journal(): Promise<RebuildJournal> {
    const item = await this.get(RECENT_PK);
    return {
      recent: new Map(Object.entries((item?.recent ?? {}) as Record<string, string>)),
      pending: ((item?.pending ?? []) as Shelf[]).map(({ tag, month }) => ({ tag, month })),
    };
  }

  async saveJournal(journal: RebuildJournal): Promise<void> {
    const item = { pk: RECENT_PK, recent: Object.fromEntries(journal.recent), pending: journal.pending.map(({ tag, month }) => ({ tag, month })) };
    await this.call('PutItem', RECENT_PK, () => this.db.send(new PutCommand({ TableName: this.table, Item: item })));
  }

  async feedDigests(): Promise<Map<string, string>> {
    const digests = (await this.get(FEEDS_PK))?.digests as Record<string, string> | undefined;
    return new Map(Object.entries(digests ?? {}));
  }

  async saveFeedDigests(digests: ReadonlyMap<string, string>): Promise<void> {
    await this.call('PutItem', FEEDS_PK, () => this.db.send(new PutCommand({ TableName: this.table, Item: { pk: FEEDS_PK, digests: Object.fromEntries(digests) } })));
  }

  private async get(pk: string): Promise<Item | undefined> {
    const answer = await this.call('GetItem', pk, () => this.db.send(new GetCommand({ TableName: this.table, Key: { pk }, ConsistentRead: true })));
    return answer.Item;
  }

  private due(todo: string, now?: Date): Promise<Item[]> {
    return this.query({
      IndexName: ARTICLES_TABLE.dueIndex.name,
      KeyConditionExpression: now ? 'todo = :todo AND todoAt <= :now' : 'todo = :todo',
      ExpressionAttributeValues: { ':todo': todo, ...(now && { ':now': now.toISOString() }) },
    });
  }

  private async query(input: Omit<QueryCommandInput, 'TableName'>, limit?: number): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await this.call('Query', `${input.IndexName}`, () =>
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

/** Collects SET, REMOVE and ADD clauses with placeholder names, so reserved words (`key`, `state`) need no care. */
class UpdateBuilder {
  private readonly sets: string[] = [];
  private readonly removes: string[] = [];
  private readonly adds: string[] = [];
  private readonly names: Record<string, string> = {};
  private readonly values: Record<string, unknown> = {};

  set(field: string, value: unknown): this {
    this.sets.push(`${this.name(field)} = :${field}`);
    this.values[`:${field}`] = value;
    return this;
  }

  setOrRemove(field: string, value: unknown): this {
    if (value !== undefined) return this.set(field, value);
    this.removes.push(this.name(field));
    return this;
  }

  add(field: string, value: Set<string>): this {
    this.adds.push(`${this.name(field)} :${field}`);
    this.values[`:${field}`] = value;
    return this;
  }

  build(condition?: string, conditionValues: Record<string, unknown> = {}): Pick<ConstructorParameters<typeof UpdateCommand>[0], 'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> {
    if (condition?.includes('#v')) this.names['#v'] = 'v';
    const clauses = [
      this.sets.length > 0 ? `SET ${this.sets.join(', ')}` : '',
      this.removes.length > 0 ? `REMOVE ${this.removes.join(', ')}` : '',
      this.adds.length > 0 ? `ADD ${this.adds.join(', ')}` : '',
    ].filter(Boolean);
    const values = { ...this.values, ...conditionValues };
    return {
      UpdateExpression: clauses.join(' '),
      ExpressionAttributeNames: this.names,
      ...(Object.keys(values).length > 0 && { ExpressionAttributeValues: values }),
      ...(condition && { ConditionExpression: condition }),
    };
  }

  private name(field: string): string {
    this.names[`#${field}`] = field;
    return `#${field}`;
  }
}

function toSource(item: Item): SourceRecord {
  const text = (field: string) => (typeof item[field] === 'string' ? { [field]: item[field] as string } : {});
  return {
    key: String(item.key),
    v: Number(item.v),
    state: item.state as SourceRecord['state'],
    released: (item.released as string[] | undefined) ?? [],
    liveSlugs: [...((item.liveSlugs as Set<string> | undefined) ?? [])].sort(),
    applied: item.unapplied === undefined,
    committedAt: String(item.committedAt),
    ...text('hash'), ...text('etag'), ...text('slug'), ...text('entry'), ...text('renderVersion'), ...text('error'), ...text('firstSeen'), ...text('deleteAt'), ...text('blockedBy'),
  };
}

function toSlug(item: Item): SlugRecord {
  const text = (field: string) => (typeof item[field] === 'string' ? { [field]: item[field] as string } : {});
  return {
    slug: String(item.slug ?? String(item.pk).slice('slug#'.length)),
    claimants: [...((item.claimants as Set<string> | undefined) ?? [])],
    aliases: (item.aliases as string[] | undefined) ?? [],
    ...text('owner'), ...text('firstPublishedAt'), ...text('id'), ...text('redirectTo'),
    ...(item.listing !== undefined && { listing: item.listing as SlugRecord['listing'] }),
    ...((item.todo === 'scheduled' || item.todo === 'expiring') && { due: { todo: item.todo, at: String(item.todoAt) } }),
  };
}
