import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { EventType, type Bucket, type CfnBucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { heraldMessage } from '../../lambdas/publish/contentEvent';
import { ARTICLES_INDEXES, ARTICLES_TABLE } from '../../lambdas/adapters/dynamoArticleState';
import { BUNDLED_XSLT_PROCESSOR, xsltProcessorSourcePath } from '../../lambdas/adapters/xsltProcessorScript';
import { heraldFunction } from './heraldFunction';
import { keptTable } from './keptTable';
import { privateBucket } from './privateBucket';
import { FEED_CACHE_PREFIX } from '../../lambdas/publish/storedArticle';

/** Props of {@link Publisher}. */
export interface PublisherProps {
  readonly contentBucket: IBucket;
  readonly siteBucket: IBucket;
  /** Bucket for S3 server access logs (the entries bucket's). */
  readonly accessLogs: IBucket;
  /** Absolute site URL the pages and feeds link to. */
  readonly siteUrl: string;
  /** The site keys of cdk.json context, handed to the functions as JSON. */
  readonly siteContext: Readonly<Record<string, unknown>>;
  /**
   * Minutes between schedule ticks that publish articles whose date has come.
   * @default 5
   */
  readonly scheduleMinutes?: number;
  /**
   * Hours between reconciles of the content bucket with the articles table.
   * @default 24
   */
  readonly reconcileHours?: number;
  /**
   * Deliveries of one message before it goes to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
}

// Publish invocations at once. The SQS event source's maximum concurrency limits them without
// throttling; 2 is its minimum, and per-article work needs no more on a blog's scale.
const PUBLISH_CONCURRENCY = 2;
const FUNCTION_TIMEOUT = Duration.minutes(1);
// AWS: "set the source queue's visibility timeout to at least six times the timeout that you configure on your function".
const QUEUE_VISIBILITY = Duration.seconds(FUNCTION_TIMEOUT.toSeconds() * 6);

/**
 * Turns content bucket events into site bucket files, in two functions:
 * publish works per article in parallel (parse, render, store the result in
 * a private entries bucket, record it in DynamoDB), and rebuild, fed by a
 * FIFO queue with one message group, is the one writer of the site: pages,
 * redirects, feeds and archive, then the announcements the newsletter reads.
 * A schedule ticks (scheduled articles, anything a crash left half done) and
 * reconciles the content bucket with the articles table.
 */
export class Publisher extends Construct {
  public readonly function: NodejsFunction;
  public readonly rebuildFunction: NodejsFunction;
  public readonly queue: Queue;
  public readonly deadLetterQueue: Queue;
  /** FIFO, one message group: the rebuild's requests, one batch at a time. */
  public readonly rebuildQueue: Queue;
  public readonly rebuildDeadLetterQueue: Queue;
  public readonly table: TableV2;
  /** Rendered articles (page and feed entry), read by the rebuild; never served. */
  public readonly entriesBucket: Bucket;
  /** "Article first published" events, one message per article, ever. */
  public readonly announcements: Queue;
  public readonly announcementsDeadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: PublisherProps) {
    super(scope, id);
    this.table = keptTable(this, 'Articles', { partitionKey: ARTICLES_TABLE.partitionKey, indexes: ARTICLES_INDEXES });
    this.entriesBucket = privateBucket(this, 'Entries', {
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'entries/',
      // Rebuilt from the content bucket by a re-render; nothing in it is the only copy.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const maxReceiveCount = props.maxReceiveCount ?? 5;

    this.deadLetterQueue = secureQueue(this, 'DeadLetters', { retentionPeriod: Duration.days(14) });
    this.queue = secureQueue(this, 'Events', { visibilityTimeout: QUEUE_VISIBILITY, deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount } });
    // A FIFO queue's dead-letter queue must be FIFO too.
    this.rebuildDeadLetterQueue = secureQueue(this, 'RebuildDeadLetters', { fifo: true, retentionPeriod: Duration.days(14) });
    this.rebuildQueue = secureQueue(this, 'Rebuilds', {
      fifo: true,
      // Deduplication ids name the commits a request is for (see rebuildRequestId), so a repeat is dropped and a new commit never is.
      contentBasedDeduplication: false,
      visibilityTimeout: QUEUE_VISIBILITY,
      deadLetterQueue: { queue: this.rebuildDeadLetterQueue, maxReceiveCount },
    });
    this.announcementsDeadLetterQueue = secureQueue(this, 'AnnouncementDeadLetters', { retentionPeriod: Duration.days(14) });
    this.announcements = secureQueue(this, 'Announcements', {
      retentionPeriod: Duration.days(14),
      // Six times the notify function's timeout (five minutes).
      visibilityTimeout: Duration.minutes(30),
      deadLetterQueue: { queue: this.announcementsDeadLetterQueue, maxReceiveCount: 5 },
    });

    const shared = {
      SITE_URL: props.siteUrl,
      SITE_CONTEXT: Stack.of(this).toJsonString(props.siteContext),
      POWERTOOLS_METRICS_NAMESPACE: 'Herald',
      CONTENT_BUCKET: props.contentBucket.bucketName,
      SITE_BUCKET: props.siteBucket.bucketName,
      ENTRIES_BUCKET: this.entriesBucket.bucketName,
      TABLE_NAME: this.table.tableName,
    };
    this.function = heraldFunction(this, 'Function', {
      handler: 'publish',
      memorySize: 1024,
      timeout: FUNCTION_TIMEOUT,
      environment: {
        ...shared,
        EVENTS_QUEUE_URL: this.queue.queueUrl,
        REBUILD_QUEUE_URL: this.rebuildQueue.queueUrl,
        POWERTOOLS_SERVICE_NAME: 'herald-publish',
      },
    });
    this.function.addEventSource(new SqsEventSource(this.queue, {
      batchSize: 10, maxBatchingWindow: Duration.seconds(1), reportBatchItemFailures: true, maxConcurrency: PUBLISH_CONCURRENCY,
    }));
    this.rebuildFunction = heraldFunction(this, 'RebuildFunction', {
      handler: 'rebuild',
      // The feeds' browser preview loads this processor from the site where the browser has no XSLT.
      bundledFiles: { [BUNDLED_XSLT_PROCESSOR]: xsltProcessorSourcePath() },
      memorySize: 1024,
      timeout: FUNCTION_TIMEOUT,
      environment: {
        ...shared,
        ANNOUNCE_QUEUE_URL: this.announcements.queueUrl,
        POWERTOOLS_SERVICE_NAME: 'herald-rebuild',
      },
    });
    // FIFO: no batching window (AWS does not support one for FIFO queues), and with the single message group
    // Lambda runs one batch at a time, which is what keeps the site to one writer.
    this.rebuildFunction.addEventSource(new SqsEventSource(this.rebuildQueue, { batchSize: 10, reportBatchItemFailures: true }));

    props.contentBucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(this.queue));
    props.contentBucket.addEventNotification(EventType.OBJECT_REMOVED, new SqsDestination(this.queue));
    new Rule(this, 'Schedule', {
      schedule: Schedule.rate(Duration.minutes(props.scheduleMinutes ?? 5)),
      targets: [new SqsQueue(this.queue, { message: RuleTargetInput.fromObject(JSON.parse(heraldMessage({ source: 'herald.schedule' }))) })],
    });
    new Rule(this, 'Reconcile', {
      schedule: Schedule.rate(Duration.hours(props.reconcileHours ?? 24)),
      targets: [new SqsQueue(this.queue, { message: RuleTargetInput.fromObject(JSON.parse(heraldMessage({ source: 'herald.reconcile' }))) })],
    });

    this.grant(props);
    this.acknowledge(props);
  }

  // Exactly the calls the adapters make, on the named resources; no action wildcards.
  private grant(props: PublisherProps): void {
    const table = [this.table.tableArn, ...ARTICLES_INDEXES.map((i) => `${this.table.tableArn}/index/${i.name}`)];
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [props.contentBucket.arnForObjects('*')] }));
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [this.entriesBucket.arnForObjects('*')] }));
    // Static files (a non-markdown file outside any page bundle, at its own path) are copied and removed here.
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject', 's3:DeleteObject'], resources: [props.siteBucket.arnForObjects('*')] }));
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [props.contentBucket.bucketArn, props.siteBucket.bucketArn] }));
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'], resources: table }));
    this.queue.grantSendMessages(this.function);
    this.rebuildQueue.grantSendMessages(this.function);

    const rebuild = this.rebuildFunction;
    rebuild.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [props.contentBucket.arnForObjects('*'), this.entriesBucket.arnForObjects('*')] }));
    // Each listing's feed cache (feeds/…), beside the entries it holds copies of; the entries themselves are the publish function's.
    rebuild.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [this.entriesBucket.arnForObjects(`${FEED_CACHE_PREFIX}*`)] }));
    rebuild.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [props.siteBucket.arnForObjects('*')] }));
    rebuild.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [props.contentBucket.bucketArn, props.siteBucket.bucketArn] }));
    rebuild.addToRolePolicy(new PolicyStatement({
      actions: ['dynamodb:BatchGetItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], resources: table,
    }));
    this.announcements.grantSendMessages(rebuild);
  }

  private acknowledge(props: PublisherProps): void {
    const buckets: [IBucket, string][] = [
      [props.contentBucket, 'Articles are objects under any key'],
      [props.siteBucket, 'Pages are objects under any key'],
      [this.entriesBucket, 'Rendered articles are objects under any key'],
    ];
    for (const fn of [this.function, this.rebuildFunction]) {
      const role = fn.role!.node.findChild('DefaultPolicy');
      for (const [bucket, what] of buckets) {
        Validations.of(role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(bucket.node.defaultChild as CfnBucket)}.Arn>/*]`,
          reason: `${what} of ${bucket.node.path}, so object actions (no wildcard actions) apply to that bucket's /* and nothing else.`,
        });
      }
    }
    Validations.of(this.rebuildFunction.role!.node.findChild('DefaultPolicy')).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.entriesBucket.node.defaultChild as CfnBucket)}.Arn>/${FEED_CACHE_PREFIX}*]`,
      reason: `Each listing (the site, each tag) has its own feed cache object below ${FEED_CACHE_PREFIX}; the rebuild only writes objects (s3:PutObject) there.`,
    });
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
