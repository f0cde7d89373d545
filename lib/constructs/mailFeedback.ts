import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime, SystemLogLevel } from 'aws-cdk-lib/aws-lambda';
import { SnsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ConfigurationSet, EmailSendingEvent, EventDestination, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { functionRole } from './functionRole';
import { handlerEntry } from './publisher';

/** Props of {@link MailFeedback}. */
export interface MailFeedbackProps {
  /** The subscribers table whose addresses get suppressed. */
  readonly subscribers: ITableV2;
}

/**
 * The SES configuration set every Herald mail is sent in, with bounces and
 * complaints published to SNS and a function that marks those subscribers
 * so they are never mailed again. The account-level suppression list stays on too.
 */
export class MailFeedback extends Construct {
  public readonly configurationSet: ConfigurationSet;
  public readonly topic: Topic;
  public readonly function: NodejsFunction;
  public readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: MailFeedbackProps) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', { suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS });
    this.topic = new Topic(this, 'Events', { enforceSSL: true, masterKey: Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns') });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(this.topic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });

    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    this.deadLetterQueue = new Queue(this, 'DeadLetters', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    this.function = new NodejsFunction(this, 'Function', {
      entry: handlerEntry('suppress'),
      role: functionRole(this, 'Role', logGroup),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(30),
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      logGroup,
      retryAttempts: 2,
      deadLetterQueue: this.deadLetterQueue,
      bundling: { minify: true, sourceMap: true, sourcesContent: false, format: OutputFormat.CJS, target: 'node22' },
      environment: { SUBSCRIBERS_TABLE: props.subscribers.tableName, NODE_OPTIONS: '--enable-source-maps' },
    });
    this.function.addEventSource(new SnsEventSource(this.topic));
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:UpdateItem'], resources: [props.subscribers.tableArn] }));
  }
}
