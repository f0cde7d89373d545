import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { Architecture, LoggingFormat, Runtime, SystemLogLevel, ApplicationLogLevel } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
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

/** The path of a function's handler file under lambdas/. */
export function handlerEntry(name: string): string {
  return path.join(__dirname, '..', '..', 'lambdas', name, 'handler.ts');
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
    this.table = new TableV2(this, 'Articles', {
      partitionKey: { name: ARTICLES_TABLE.partitionKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      globalSecondaryIndexes: [ARTICLES_TABLE.publishedIndex, ARTICLES_TABLE.dueIndex].map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
      // Holds first-publication marks that stop articles being mailed twice; keep it.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.deadLetterQueue = secureQueue(this, 'DeadLetters', { retentionPeriod: Duration.days(14) });
    // Six times the function timeout, as AWS advises for SQS event sources.
    this.queue = secureQueue(this, 'Events', {
      visibilityTimeout: Duration.minutes(6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
    this.announcementsDeadLetterQueue = secureQueue(this, 'AnnouncementDeadLetters', { retentionPeriod: Duration.days(14) });
    this.announcements = secureQueue(this, 'Announcements', {
      retentionPeriod: Duration.days(14),
      visibilityTimeout: Duration.minutes(6),
      deadLetterQueue: { queue: this.announcementsDeadLetterQueue, maxReceiveCount: 5 },
    });

    this.function = new NodejsFunction(this, 'Function', {
      entry: handlerEntry('publish'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 1024,
      timeout: Duration.minutes(1),
      // One at a time: each batch rewrites the shared feeds from the state it just wrote, so two could race.
      reservedConcurrentExecutions: 1,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      logGroup: new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY }),
      bundling: { minify: true, sourceMap: true, sourcesContent: false, format: OutputFormat.CJS, target: 'node22' },
      environment: {
        CONTENT_BUCKET: props.contentBucket.bucketName,
        SITE_BUCKET: props.siteBucket.bucketName,
        TABLE_NAME: this.table.tableName,
        ANNOUNCE_QUEUE_URL: this.announcements.queueUrl,
        SITE_URL: props.siteUrl,
        SITE_CONTEXT: Stack.of(this).toJsonString(props.siteContext),
        NODE_OPTIONS: '--enable-source-maps',
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

    props.contentBucket.grantRead(this.function);
    props.siteBucket.grantReadWrite(this.function);
    props.siteBucket.grantDelete(this.function);
    this.table.grantReadWriteData(this.function);
    this.announcements.grantSendMessages(this.function);

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-IAM5',
      reason: 'Object-level S3 grants need the bucket/* resource (the function reads any article and writes any page), grantRead/grantReadWrite add s3:GetObject*/List*/DeleteObject* action families, and the table grant covers its two indexes (index/*). All are scoped to the named buckets and table.',
    });
  }
}

function secureQueue(scope: Construct, id: string, props: ConstructorParameters<typeof Queue>[2]): Queue {
  return new Queue(scope, id, { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, ...props });
}
