import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { keptTable } from './keptTable';
import { BUNDLED_XSLT_PROCESSOR, xsltProcessorSourcePath } from '../../lambdas/adapters/xsltProcessorScript';
import { heraldFunction } from './heraldFunction';
import { ARTICLES_TABLE } from '../../lambdas/adapters/dynamoArticleState';

/** Props of {@link Publisher}. */
export interface PublisherProps {
  readonly contentBucket: IBucket;
  readonly siteBucket: IBucket;
  /** Absolute site URL the pages and feeds link to. */
  readonly siteUrl: string;
  /** The site keys of cdk.json context, handed to the function as JSON. */
  readonly siteContext: Readonly<Record<string, unknown>>;
  /**
   * Minutes between schedule ticks that publish articles whose date has come.
   * @default 5
   */
  readonly scheduleMinutes?: number;
  /**
   * Deliveries of one message before it goes to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
}

/**
 * Turns content bucket events into site bucket files: S3 notifications and
 * schedule ticks go through one queue to the publish function, which keeps its
 * per-article state in DynamoDB and announces first publications on a queue
 * the newsletter reads.
 */
export class Publisher extends Construct {
  public readonly function: NodejsFunction;
  public readonly queue: Queue;
  public readonly deadLetterQueue: Queue;
  public readonly table: TableV2;
  /** "Article first published" events, one message per article, ever. */
  public readonly announcements: Queue;
  public readonly announcementsDeadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: PublisherProps) {
    super(scope, id);
    this.table = keptTable(this, 'Articles', { partitionKey: ARTICLES_TABLE.partitionKey, indexes: [ARTICLES_TABLE.publishedIndex, ARTICLES_TABLE.dueIndex] });

    this.deadLetterQueue = secureQueue(this, 'DeadLetters', { retentionPeriod: Duration.days(14) });
    // Six times the function timeout, as AWS advises for SQS event sources.
    this.queue = secureQueue(this, 'Events', {
      visibilityTimeout: Duration.minutes(6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
    this.announcementsDeadLetterQueue = secureQueue(this, 'AnnouncementDeadLetters', { retentionPeriod: Duration.days(14) });
    this.announcements = secureQueue(this, 'Announcements', {
      retentionPeriod: Duration.days(14),
      // Six times the notify function's timeout (five minutes).
      visibilityTimeout: Duration.minutes(30),
      deadLetterQueue: { queue: this.announcementsDeadLetterQueue, maxReceiveCount: 5 },
    });

    this.function = heraldFunction(this, 'Function', {
      handler: 'publish',
      // The feeds' browser preview loads this processor from the site where the browser has no XSLT.
      bundledFiles: { [BUNDLED_XSLT_PROCESSOR]: xsltProcessorSourcePath() },
      memorySize: 1024,
      timeout: Duration.minutes(1),
      // One at a time: each batch rewrites the shared feeds from the state it just wrote, so two could race.
      reservedConcurrentExecutions: 1,
      environment: {
        CONTENT_BUCKET: props.contentBucket.bucketName,
        SITE_BUCKET: props.siteBucket.bucketName,
        TABLE_NAME: this.table.tableName,
        ANNOUNCE_QUEUE_URL: this.announcements.queueUrl,
        SITE_URL: props.siteUrl,
        SITE_CONTEXT: Stack.of(this).toJsonString(props.siteContext),
        POWERTOOLS_SERVICE_NAME: 'herald-publish',
        POWERTOOLS_METRICS_NAMESPACE: 'Herald',
      },
    });
    this.function.addEventSource(new SqsEventSource(this.queue, { batchSize: 10, maxBatchingWindow: Duration.seconds(1), reportBatchItemFailures: true }));

    props.contentBucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(this.queue));
    props.contentBucket.addEventNotification(EventType.OBJECT_REMOVED, new SqsDestination(this.queue));
    new Rule(this, 'Schedule', {
      schedule: Schedule.rate(Duration.minutes(props.scheduleMinutes ?? 5)),
      targets: [new SqsQueue(this.queue, { message: RuleTargetInput.fromObject({ source: 'herald.schedule' }) })],
    });

    // Exactly the calls the adapters make, on the named resources; no action wildcards.
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [props.contentBucket.arnForObjects('*')] }));
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [props.siteBucket.arnForObjects('*')] }));
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [props.contentBucket.bucketArn, props.siteBucket.bucketArn] }));
    this.function.addToRolePolicy(new PolicyStatement({
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
      resources: [this.table.tableArn, ...[ARTICLES_TABLE.publishedIndex, ARTICLES_TABLE.dueIndex].map((i) => `${this.table.tableArn}/index/${i.name}`)],
    }));
    this.announcements.grantSendMessages(this.function);

    const role = this.function.role!.node.findChild('DefaultPolicy');
    for (const bucket of [props.contentBucket, props.siteBucket]) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(bucket.node.defaultChild as CfnBucket)}.Arn>/*]`,
        reason: `Articles and pages are objects under any key of ${bucket.node.path}, so object actions (no wildcard actions) apply to that bucket's /* and nothing else.`,
      });
    }
    acknowledgeNotificationsHandler(this);
  }
}

// CDK adds one custom resource per stack to configure S3 notifications; its role uses the managed basic execution policy.
function acknowledgeNotificationsHandler(scope: Construct): void {
  const handler = Stack.of(scope).node.children.find((c) => c.node.id.startsWith('BucketNotificationsHandler'));
  if (!handler) return;
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'CDK\'s built-in BucketNotificationsHandler custom resource only writes its own logs with this policy; its role cannot be replaced.',
  });
}

function secureQueue(scope: Construct, id: string, props: ConstructorParameters<typeof Queue>[2]): Queue {
  return new Queue(scope, id, { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, ...props });
}
