import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

/** A table's keys as the adapters declare them (ARTICLES_TABLE, SUBSCRIBERS_TABLE, CAMPAIGNS_TABLE). */
export interface TableShape {
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly timeToLive?: string;
  readonly indexes: readonly { readonly name: string; readonly partitionKey: string; readonly sortKey: string }[];
}

/**
 * A Herald table: string keys, on-demand billing, point-in-time recovery,
 * and kept when the stack is deleted, since each holds something a redeploy
 * must not lose (first-publication marks, readers' consent, the mail ledger).
 */
export function keptTable(scope: Construct, id: string, shape: TableShape): TableV2 {
  const key = (name: string) => ({ name, type: AttributeType.STRING });
  return new TableV2(scope, id, {
    partitionKey: key(shape.partitionKey),
    ...(shape.sortKey && { sortKey: key(shape.sortKey) }),
    ...(shape.timeToLive && { timeToLiveAttribute: shape.timeToLive }),
    billing: Billing.onDemand(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    globalSecondaryIndexes: shape.indexes.map((index) => ({ indexName: index.name, partitionKey: key(index.partitionKey), sortKey: key(index.sortKey) })),
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
