import { DeleteCommand, GetCommand, QueryCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SubscriberDirectory, SubscriberPage } from '../newsletter/ports';
import type { SubscriberStore } from '../subscriptions/ports';
import type { Preferences, Subscriber, SubscriberStatus } from '../subscriptions/subscriber';
import { isAwsError, StoreError } from './errors';

/**
 * Key schema of the subscribers table, shared with the CDK construct and the
 * local stack: `sub#<id>` items for subscribers, `rate#<key>#<window>`
 * counters with a TTL, and a sparse `confirmed` index that lists exactly the
 * subscribers a newsletter goes to, page by page.
 */
export const SUBSCRIBERS_TABLE = {
  partitionKey: 'pk',
  timeToLive: 'expiresAt',
  confirmedIndex: { name: 'confirmed', partitionKey: 'listed', sortKey: 'pk' },
} as const;

const subPk = (id: string) => `sub#${id}`;
/** The key of a subscriber's item. */
export const subscriberKey = (id: string) => ({ pk: subPk(id) });

/** Subscribers in DynamoDB. */
export class DynamoSubscriberStore implements SubscriberStore, SubscriberDirectory {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly table: string) {}

  async get(id: string): Promise<Subscriber | undefined> {
    try {
      const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: subPk(id) }, ConsistentRead: true }));
      if (!Item) return undefined;
      const { pk: _pk, listed: _listed, ...subscriber } = Item;
      return subscriber as Subscriber;
    } catch (error) {
      throw new StoreError('GetItem', `${this.table}/${subPk(id)}`, { cause: error });
    }
  }

  async putPending(subscriber: Subscriber): Promise<void> {
    const tags = subscriber.tags ?? [];
    await this.update(subscriber.id, {
      UpdateExpression: `SET id = :id, email = :email, #status = :pending, #source = :source, createdAt = if_not_exists(createdAt, :now), updatedAt = :now, cadence = :cadence${tags.length > 0 ? ', tags = :tags' : ''} REMOVE listed${tags.length > 0 ? '' : ', tags'}`,
      ConditionExpression: 'attribute_not_exists(pk) OR #status IN (:pending, :unsubscribed)',
      ExpressionAttributeNames: { '#status': 'status', '#source': 'source' },
      ExpressionAttributeValues: {
        ':id': subscriber.id, ':email': subscriber.email, ':pending': 'pending', ':unsubscribed': 'unsubscribed', ':source': subscriber.source, ':now': subscriber.updatedAt,
        ':cadence': subscriber.cadence ?? 'each', ...(tags.length > 0 && { ':tags': tags }),
      },
    });
  }

  async setPreferences(id: string, preferences: Preferences, now: string): Promise<boolean> {
    const tags = preferences.tags.length > 0;
    // The confirmed index projects every attribute, so the next fan-out sees the change.
    return this.update(id, {
      UpdateExpression: `SET updatedAt = :now, cadence = :cadence${tags ? ', tags = :tags' : ''}${tags ? '' : ' REMOVE tags'}`,
      ConditionExpression: 'attribute_exists(pk) AND #status IN (:pending, :confirmed)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':now': now, ':pending': 'pending', ':confirmed': 'confirmed', ':cadence': preferences.cadence, ...(tags && { ':tags': preferences.tags }) },
    });
  }

  async markConfirmationSent(id: string, now: string, notAfter: string): Promise<boolean> {
    return this.update(id, {
      UpdateExpression: 'SET lastConfirmationSentAt = :now',
      ConditionExpression: '#status = :pending AND (attribute_not_exists(lastConfirmationSentAt) OR lastConfirmationSentAt <= :notAfter)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':now': now, ':pending': 'pending', ':notAfter': notAfter },
    });
  }

  async transition(id: string, from: readonly SubscriberStatus[], to: SubscriberStatus, now: string): Promise<boolean> {
    const stamp = to === 'confirmed' ? ', confirmedAt = :now' : to === 'unsubscribed' ? ', unsubscribedAt = :now' : '';
    const fromValues = Object.fromEntries(from.map((status, i) => [`:from${i}`, status]));
    return this.update(id, {
      // Only confirmed subscribers are in the `confirmed` index, so a newsletter never pages through anyone else.
      // An unsubscribe also lifts the hourly limit on confirmation mails: only the mailbox's owner holds
      // the link, and subscribing again right after must send the confirmation it promises.
      UpdateExpression: to === 'confirmed' ? `SET #status = :to, updatedAt = :now, listed = :to${stamp}` : `SET #status = :to, updatedAt = :now${stamp} REMOVE listed${to === 'unsubscribed' ? ', lastConfirmationSentAt' : ''}`,
      ConditionExpression: `attribute_exists(pk) AND #status IN (${Object.keys(fromValues).join(', ')})`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':to': to, ':now': now, ...fromValues },
    });
  }

  async withinRateLimit(key: string, limit: number, window: string, expiresAt: number): Promise<boolean> {
    try {
      await this.db.send(new UpdateCommand({
        TableName: this.table,
        Key: { pk: `rate#${key}#${window}` },
        UpdateExpression: 'ADD hits :one SET expiresAt = :expires',
        ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
        ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': expiresAt },
      }));
      return true;
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) return false;
      throw new StoreError('UpdateItem', `${this.table}/rate#${key}`, { cause: error });
    }
  }

  async rateCount(key: string, window: string): Promise<number> {
    try {
      const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: `rate#${key}#${window}` }, ConsistentRead: true, ProjectionExpression: 'hits' }));
      return Number(Item?.hits ?? 0);
    } catch (error) {
      throw new StoreError('GetItem', `${this.table}/rate#${key}`, { cause: error });
    }
  }

  async clearConfirmationSent(id: string, at: string): Promise<void> {
    await this.update(id, {
      UpdateExpression: 'REMOVE lastConfirmationSentAt',
      ConditionExpression: 'lastConfirmationSentAt = :at',
      ExpressionAttributeValues: { ':at': at },
    });
  }

  /**
   * Every subscriber, or those in one state, page by page. Confirmed ones come
   * from the sparse index; other states need a scan (an operator's tool, not a hot path).
   */
  async *list(status?: SubscriberStatus): AsyncGenerator<Subscriber> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = status === 'confirmed'
        ? await this.db.send(new QueryCommand({ TableName: this.table, IndexName: SUBSCRIBERS_TABLE.confirmedIndex.name, KeyConditionExpression: 'listed = :confirmed', ExpressionAttributeValues: { ':confirmed': 'confirmed' }, ExclusiveStartKey: start }))
        : await this.db.send(new ScanCommand({
          TableName: this.table,
          FilterExpression: status ? 'begins_with(pk, :sub) AND #status = :status' : 'begins_with(pk, :sub)',
          ...(status && { ExpressionAttributeNames: { '#status': 'status' } }),
          ExpressionAttributeValues: { ':sub': 'sub#', ...(status && { ':status': status }) },
          ExclusiveStartKey: start,
        }));
      for (const item of page.Items ?? []) {
        const { pk: _pk, listed: _listed, ...subscriber } = item;
        yield subscriber as Subscriber;
      }
      start = page.LastEvaluatedKey;
    } while (start);
  }

  /** One page of the `confirmed` index; the cursor is the index's own position, as JSON. */
  async confirmedPage(cursor: string | undefined, limit: number): Promise<SubscriberPage> {
    const index = SUBSCRIBERS_TABLE.confirmedIndex;
    try {
      const { Items, LastEvaluatedKey } = await this.db.send(new QueryCommand({
        TableName: this.table,
        IndexName: index.name,
        KeyConditionExpression: 'listed = :confirmed',
        ExpressionAttributeValues: { ':confirmed': 'confirmed' },
        ProjectionExpression: 'id, email, tags, cadence',
        Limit: limit,
        ...(cursor && { ExclusiveStartKey: JSON.parse(cursor) as Record<string, unknown> }),
      }));
      return {
        subscribers: (Items ?? []).map((item) => ({
          id: String(item.id), email: String(item.email),
          ...(Array.isArray(item.tags) && item.tags.length > 0 && { tags: item.tags.map(String) }),
          ...(item.cadence === 'weekly' && { cadence: 'weekly' as const }),
        })),
        ...(LastEvaluatedKey && { next: JSON.stringify(LastEvaluatedKey) }),
      };
    } catch (error) {
      throw new StoreError('Query', `${this.table}/${index.name}`, { cause: error });
    }
  }

  /**
   * Adds a subscriber who consented elsewhere as confirmed, unless the
   * address is already known here: an import never overrides an unsubscribe,
   * a bounce or a complaint. False when it was already known.
   */
  async importConfirmed(subscriber: Subscriber): Promise<boolean> {
    const tags = subscriber.tags ?? [];
    return this.update(subscriber.id, {
      UpdateExpression: `SET id = :id, email = :email, #status = :confirmed, #source = :import, createdAt = :now, updatedAt = :now, confirmedAt = :now, listed = :confirmed, cadence = :cadence${tags.length > 0 ? ', tags = :tags' : ''}`,
      ConditionExpression: 'attribute_not_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status', '#source': 'source' },
      ExpressionAttributeValues: { ':id': subscriber.id, ':email': subscriber.email, ':confirmed': 'confirmed', ':import': 'import', ':now': subscriber.createdAt, ':cadence': subscriber.cadence ?? 'each', ...(tags.length > 0 && { ':tags': tags }) },
    });
  }

  /** Erases a subscriber completely (a request to be forgotten); false when there was none. */
  async remove(id: string): Promise<boolean> {
    try {
      const { Attributes } = await this.db.send(new DeleteCommand({ TableName: this.table, Key: { pk: subPk(id) }, ReturnValues: 'ALL_OLD' }));
      return Attributes !== undefined;
    } catch (error) {
      throw new StoreError('DeleteItem', `${this.table}/${subPk(id)}`, { cause: error });
    }
  }

  private async update(id: string, expression: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName' | 'Key'>): Promise<boolean> {
    try {
      await this.db.send(new UpdateCommand({ TableName: this.table, Key: { pk: subPk(id) }, ...expression }));
      return true;
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) return false;
      throw new StoreError('UpdateItem', `${this.table}/${subPk(id)}`, { cause: error });
    }
  }
}
