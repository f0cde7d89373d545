import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StoreError } from './errors';

type Key = Record<string, unknown>;
type Item = Record<string, unknown>;

// DynamoDB may leave part of a batch unprocessed under load; a few rounds with a pause finish it.
const ROUNDS = 8;

/** Reads items by key, consistently, 100 per call, until DynamoDB has answered for every key. */
export async function batchGetAll(db: DynamoDBDocumentClient, table: string, keys: readonly Key[], projection?: { expression: string; names?: Record<string, string> }): Promise<Item[]> {
  const items: Item[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let request: Key[] | undefined = keys.slice(i, i + 100);
    for (let round = 0; request && request.length > 0; round += 1) {
      if (round === ROUNDS) throw new StoreError('BatchGetItem', table, { cause: new Error(`${request.length} keys still unprocessed after ${ROUNDS} rounds`) });
      if (round > 0) await pause(round);
      try {
        const { Responses, UnprocessedKeys } = await db.send(new BatchGetCommand({
          RequestItems: { [table]: { Keys: request, ConsistentRead: true, ...(projection && { ProjectionExpression: projection.expression, ExpressionAttributeNames: projection.names }) } },
        }));
        items.push(...(Responses?.[table] ?? []));
        request = UnprocessedKeys?.[table]?.Keys as Key[] | undefined;
      } catch (error) {
        throw new StoreError('BatchGetItem', table, { cause: error });
      }
    }
  }
  return items;
}

/** Puts items, 25 per call, until DynamoDB has taken every one. */
export async function batchPutAll(db: DynamoDBDocumentClient, table: string, items: readonly Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let request = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let round = 0; request.length > 0; round += 1) {
      if (round === ROUNDS) throw new StoreError('BatchWriteItem', table, { cause: new Error(`${request.length} items still unprocessed after ${ROUNDS} rounds`) });
      if (round > 0) await pause(round);
      try {
        const { UnprocessedItems } = await db.send(new BatchWriteCommand({ RequestItems: { [table]: request } }));
        request = (UnprocessedItems?.[table] ?? []) as typeof request;
      } catch (error) {
        throw new StoreError('BatchWriteItem', table, { cause: error });
      }
    }
  }
}

function pause(round: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** round)));
}
