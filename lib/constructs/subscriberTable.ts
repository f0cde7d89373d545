import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { keptTable } from './keptTable';
import { SUBSCRIBERS_TABLE } from '../../lambdas/adapters/dynamoSubscriberStore';

/**
 * The subscribers table: one item per subscriber, rate-limit counters that
 * expire by TTL, and a sparse index of confirmed subscribers to page through.
 */
export class SubscriberTable extends Construct {
  public readonly table: TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = keptTable(this, 'Table', { partitionKey: SUBSCRIBERS_TABLE.partitionKey, timeToLive: SUBSCRIBERS_TABLE.timeToLive, indexes: [SUBSCRIBERS_TABLE.confirmedIndex] });
  }
}
