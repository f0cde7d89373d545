import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { SUBSCRIBERS_TABLE } from '../../lambdas/adapters/dynamoSubscriberStore';

/**
 * The subscribers table: one item per subscriber, rate-limit counters that
 * expire by TTL, and a sparse index of confirmed subscribers to page through.
 */
export class SubscriberTable extends Construct {
  public readonly table: TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: SUBSCRIBERS_TABLE.partitionKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: SUBSCRIBERS_TABLE.timeToLive,
      globalSecondaryIndexes: [{
        indexName: SUBSCRIBERS_TABLE.confirmedIndex.name,
        partitionKey: { name: SUBSCRIBERS_TABLE.confirmedIndex.partitionKey, type: AttributeType.STRING },
        sortKey: { name: SUBSCRIBERS_TABLE.confirmedIndex.sortKey, type: AttributeType.STRING },
      }],
      // The readers' consent lives here; it outlives the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
