import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StoreError } from './errors';
import { isTransientStoreError, pauseBeforeRound, STORE_ROUNDS } from './storeRounds';

type Key = Record<string, unknown>;
type Item = Record<string, unknown>;

/** Keys to read from one table, with the attributes to read when not all. */
export interface TableKeys {
  readonly table: string;
  readonly keys: readonly Key[];
  readonly projection?: { readonly expression: string; readonly names?: Record<string, string> };
}

/**
 * Reads items by key from one or more tables, consistently, 100 keys per call
 * (BatchGetItem's limit), until DynamoDB has answered for every key: keys it
 * leaves unprocessed, and whole calls it throttles, get another round after a
 * pause. Returns the items found, by table.
 */
export async function batchGetAll(db: DynamoDBDocumentClient, requests: readonly TableKeys[]): Promise<Map<string, Item[]>> {
  const found = new Map(requests.map((r) => [r.table, [] as Item[]]));
  const projections = new Map(requests.map((r) => [r.table, r.projection]));
  const resource = requests.map((r) => r.table).join(', ');
  let pending = requests.flatMap((r) => r.keys.map((key) => ({ table: r.table, key })));
  let failure: unknown;
  for (let round = 0; pending.length > 0;) {
    if (round > 0) await pauseBeforeRound(round);
    const chunk = pending.slice(0, 100);
    const rest = pending.slice(100);
    const byTable = new Map<string, Key[]>();
    for (const { table, key } of chunk) byTable.set(table, [...(byTable.get(table) ?? []), key]);
    try {
      const { Responses, UnprocessedKeys } = await db.send(new BatchGetCommand({
        RequestItems: Object.fromEntries([...byTable].map(([table, keys]) => {
          const projection = projections.get(table);
          return [table, { Keys: keys, ConsistentRead: true, ...(projection && { ProjectionExpression: projection.expression, ExpressionAttributeNames: projection.names }) }];
        })),
      }));
      for (const [table, items] of Object.entries(Responses ?? {})) found.get(table)?.push(...items);
      const unprocessed = Object.entries(UnprocessedKeys ?? {}).flatMap(([table, { Keys }]) => (Keys ?? []).map((key) => ({ table, key: key as Key })));
      pending = [...unprocessed, ...rest];
      round = unprocessed.length > 0 ? round + 1 : 0;
      failure = unprocessed.length > 0 ? new Error(`${unprocessed.length} keys still unprocessed after ${STORE_ROUNDS} rounds`) : undefined;
    } catch (error) {
      if (!isTransientStoreError(error)) throw new StoreError('BatchGetItem', resource, { cause: error });
      failure = error;
      round += 1;
    }
    if (round === STORE_ROUNDS) throw new StoreError('BatchGetItem', resource, { cause: failure });
  }
  return found;
}
