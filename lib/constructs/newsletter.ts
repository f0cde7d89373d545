import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import type { ITableV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SnsEventSource, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { CfnBucket, IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { SqsSendMessage } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { keptTable } from './keptTable';
import { CAMPAIGNS_TABLE } from '../../lambdas/adapters/dynamoCampaignStore';
import { ENTRY_PREFIX } from '../../lambdas/publish/storedArticle';
import type { DigestSchedule } from '../../lambdas/config/newsletterConfig';
import { DIGEST_REQUEST_TYPE } from '../../lambdas/newsletter/digestRequest';
import { SUBSCRIBERS_TABLE } from '../../lambdas/adapters/dynamoSubscriberStore';
import { heraldFunction } from './heraldFunction';
import { grantSesSend } from './grantSesSend';
import { alarmsSourceArn, allowServicePublish } from './allowServicePublish';

/** Props of {@link Newsletter}. */
export interface NewsletterProps {
  /** "Article first published" events from the publisher; the weekly digest's requests go there too. */
  readonly announcements: IQueue;
  /** Where announcements that keep failing go (it alarms); a digest request the scheduler cannot deliver goes there too. */
  readonly announcementsDeadLetterQueue: IQueue;
  /** When the weekly digest goes out (cdk.json `digestDay`, `digestHour`, `timeZone`). */
  readonly digestSchedule: DigestSchedule;
  /** The private bucket of rendered articles (the publisher's); the notify function mails an article as stored there. */
  readonly entriesBucket: IBucket;
  readonly subscribers: ITableV2;
  /** The key that signs unsubscribe links (the subscription API's). */
  readonly tokenSecret: ISecret;
  readonly siteUrl: string;
  readonly siteContext: Readonly<Record<string, unknown>>;
  /** The newsletter keys of cdk.json context (sender, subject prefix, window…). */
  readonly newsletterContext: Readonly<Record<string, unknown>>;
  /** Verified SES sender, e.g. `newsletter@example.com`. */
  readonly senderAddress: string;
  readonly configurationSetName: string;
  /**
   * Send invocations at once; they share the sending rate. At least 2 (the SQS event source minimum).
   * @default 2
   */
  readonly sendConcurrency?: number;
  /**
   * Recipients per second for all invocations together; the account's SES quota when unset.
   * @default the account's MaxSendRate
   */
  readonly sendRate?: number;
  /** Customer-managed key for the reputation topic, which CloudWatch alarms publish to. */
  readonly topicKey: IKey;
}

// The send function's timeout; a batch's lease lasts twice as long, and the queue hides a message six times as long.
const SEND_TIMEOUT = Duration.minutes(2);
const NOTIFY_TIMEOUT = Duration.minutes(5);

/**
 * Newsletter delivery: the notify function turns each announcement into a
 * campaign and queues its confirmed subscribers in batches of 50; the send
 * function mails each batch with SES SendBulkEmail, at most `sendConcurrency`
 * at a time, keeping a per-recipient ledger in the campaigns table so nobody
 * is mailed twice. Batches that keep failing end in a dead-letter queue. A
 * guard function pauses sending when a reputation alarm fires.
 */
export class Newsletter extends Construct {
  public readonly table: TableV2;
  public readonly deliveries: Queue;
  public readonly deliveriesDeadLetterQueue: Queue;
  public readonly notifyFunction: NodejsFunction;
  public readonly sendFunction: NodejsFunction;
  /** Reputation alarms publish here; the guard function pauses sending. */
  public readonly reputationTopic: Topic;
  public readonly guardFunction: NodejsFunction;
  public readonly guardDeadLetterQueue: Queue;
  /** The send function's SQS event source mapping, which a pause switches off. */
  public readonly sendMappingId: string;
  /** Asks the notify function for the weekly digest, on the digest's day and hour in the site's time zone. */
  public readonly weeklyDigest: Schedule;

  constructor(scope: Construct, id: string, props: NewsletterProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.table = keptTable(this, 'Campaigns', { ...CAMPAIGNS_TABLE, indexes: [CAMPAIGNS_TABLE.startedIndex] });

    this.deliveriesDeadLetterQueue = new Queue(this, 'DeliveryDeadLetters', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    this.deliveries = new Queue(this, 'Deliveries', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      visibilityTimeout: Duration.seconds(SEND_TIMEOUT.toSeconds() * 6),
      // Ten tries over an hour and more: SES throttling that outlasts them is an incident, and the alarm says so.
      deadLetterQueue: { queue: this.deliveriesDeadLetterQueue, maxReceiveCount: 10 },
    });

    const common = {
      CAMPAIGNS_TABLE: this.table.tableName,
      SUBSCRIBERS_TABLE: props.subscribers.tableName,
      SITE_URL: props.siteUrl,
      SITE_CONTEXT: stack.toJsonString(props.siteContext),
      NEWSLETTER_CONTEXT: stack.toJsonString(props.newsletterContext),
    };
    this.notifyFunction = heraldFunction(this, 'NotifyFunction', {
      handler: 'notify',
      memorySize: 512,
      timeout: NOTIFY_TIMEOUT,
      environment: { ...common, ENTRIES_BUCKET: props.entriesBucket.bucketName, SEND_QUEUE_URL: this.deliveries.queueUrl, POWERTOOLS_SERVICE_NAME: 'herald-notify', POWERTOOLS_METRICS_NAMESPACE: 'Herald' },
    });
    this.notifyFunction.addEventSource(new SqsEventSource(props.announcements, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: 2 }));
    // Only the rendered articles (entries/…), not the feed caches beside them.
    this.notifyFunction.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [props.entriesBucket.arnForObjects(`${ENTRY_PREFIX}*`)] }));
    this.notifyFunction.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], resources: [this.table.tableArn] }));
    this.notifyFunction.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${props.subscribers.tableArn}/index/${SUBSCRIBERS_TABLE.confirmedIndex.name}`] }));
    this.deliveries.grantSendMessages(this.notifyFunction);
    Validations.of(this.notifyFunction.role!.node.findChild('DefaultPolicy')).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(props.entriesBucket.node.defaultChild as CfnBucket)}.Arn>/${ENTRY_PREFIX}*]`,
      reason: 'Each rendering of an article is stored under its own path below entries/ (named by hashes); the function only reads objects (s3:GetObject) there.',
    });

    const concurrency = Math.max(2, props.sendConcurrency ?? 2);
    this.sendFunction = heraldFunction(this, 'SendFunction', {
      handler: 'send',
      memorySize: 512,
      timeout: SEND_TIMEOUT,
      environment: {
        ...common,
        TOKEN_SECRET_ARN: props.tokenSecret.secretArn,
        CONFIGURATION_SET: props.configurationSetName,
        SEND_CONCURRENCY: String(concurrency),
        ...(props.sendRate && { SEND_RATE: String(props.sendRate) }),
        // Twice the timeout: a live invocation always has half its lease left when it hands a batch to SES.
        BATCH_LEASE_SECONDS: String(SEND_TIMEOUT.toSeconds() * 2),
        // A batch waiting for the account's daily quota goes back on its own queue with a delay.
        SEND_QUEUE_URL: this.deliveries.queueUrl,
        POWERTOOLS_SERVICE_NAME: 'herald-send',
        POWERTOOLS_METRICS_NAMESPACE: 'Herald',
      },
    });
    // One batch per invocation, a fixed number at once: that and the pacer keep SES within its rate.
    const sendSource = new SqsEventSource(this.deliveries, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: concurrency });
    this.sendFunction.addEventSource(sendSource);
    this.sendMappingId = sendSource.eventSourceMappingId;
    // The ledger is one record per batch, changed by conditional UpdateItem only (docs/newsletter.md, "Exactly once").
    this.sendFunction.addToRolePolicy(new PolicyStatement({
      actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:BatchGetItem'],
      resources: [this.table.tableArn],
    }));
    this.sendFunction.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:BatchGetItem'], resources: [props.subscribers.tableArn] }));
    this.sendFunction.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deliveries.queueArn] }));
    grantSesSend(this, this.sendFunction.role!, 'ses:SendBulkEmail', props.senderAddress, props.configurationSetName);
    this.sendFunction.addToRolePolicy(new PolicyStatement({ actions: ['ses:GetAccount'], resources: ['*'] }));
    props.tokenSecret.grantRead(this.sendFunction);
    Validations.of(this.sendFunction.role!.node.findChild('DefaultPolicy')).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ses:GetAccount (the account\'s sending quota, which the send function paces itself by) supports no resource-level permissions; it is the only action on "*".',
    });

    // EventBridge Scheduler keeps the wall-clock time across daylight-saving changes in the site's time zone, and the
    // request carries the time it was due, so one delivered late still names the right week.
    const { weekday, hour, timeZone } = props.digestSchedule;
    this.weeklyDigest = new Schedule(this, 'WeeklyDigest', {
      description: 'Herald: the weekly digest',
      schedule: ScheduleExpression.cron({ minute: '0', hour: String(hour), weekDay: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'][weekday - 1]!, timeZone: TimeZone.of(timeZone) }),
      target: new SqsSendMessage(props.announcements, {
        input: ScheduleTargetInput.fromObject({ type: DIGEST_REQUEST_TYPE, at: ContextAttribute.scheduledTime }),
        deadLetterQueue: props.announcementsDeadLetterQueue,
        retryAttempts: 185,
        maxEventAge: Duration.hours(24),
      }),
    });

    this.reputationTopic = new Topic(this, 'ReputationAlarms', { displayName: 'Herald reputation alarms', enforceSSL: true, masterKey: props.topicKey });
    allowServicePublish(this.reputationTopic, props.topicKey, 'cloudwatch.amazonaws.com', alarmsSourceArn(this.reputationTopic));
    this.guardDeadLetterQueue = new Queue(this, 'GuardDeadLetters', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    this.guardFunction = heraldFunction(this, 'GuardFunction', {
      handler: 'guard',
      memorySize: 256,
      timeout: Duration.seconds(30),
      retryAttempts: 2,
      deadLetterQueue: this.guardDeadLetterQueue,
      environment: { CAMPAIGNS_TABLE: this.table.tableName, SEND_MAPPING_ID: sendSource.eventSourceMappingId },
    });
    this.guardFunction.addEventSource(new SnsEventSource(this.reputationTopic));
    this.guardFunction.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:UpdateItem'], resources: [this.table.tableArn] }));
    this.guardFunction.addToRolePolicy(new PolicyStatement({ actions: ['lambda:UpdateEventSourceMapping'], resources: [sendSource.eventSourceMappingArn] }));
  }
}
