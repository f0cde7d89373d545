import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { CfnStage, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { SITE_PATHS } from '../../lambdas/site/sitePaths';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { heraldFunction } from './heraldFunction';
import { grantSesSend } from './grantSesSend';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { DEFAULT_CONFIRMATION_MAILS_PER_DAY, DEFAULT_SUBSCRIBE_REQUESTS_PER_HOUR } from '../../lambdas/subscriptions/subscribeLimits';

/** Props of {@link SubscriptionApi}. */
export interface SubscriptionApiProps {
  /** The subscribers table (see SubscriberTable). */
  readonly table: ITableV2;
  /** The site bucket; the welcome mail reads the latest article from its feed.json. */
  readonly siteBucket: IBucket;
  /** Absolute site URL; links in mails point at `<site>api/…`. */
  readonly siteUrl: string;
  readonly siteContext: Readonly<Record<string, unknown>>;
  /**
   * The newsletter keys of cdk.json context: every mail gets the newsletter's sender name and footer.
   * @default the site title as sender name, no postal address
   */
  readonly newsletterContext?: Readonly<Record<string, unknown>>;
  /** Verified SES sender, e.g. `newsletter@example.com`. */
  readonly senderAddress: string;
  /**
   * Send a welcome mail after a confirmation.
   * @default true
   */
  readonly welcomeMail?: boolean;
  /** SES configuration set that reports bounces and complaints. */
  readonly configurationSetName: string;
  /**
   * Steady requests per second across the API, before API Gateway answers 429.
   * @default 10
   */
  readonly rateLimit?: number;
  /**
   * Burst of requests API Gateway allows above the rate.
   * @default 20
   */
  readonly burstLimit?: number;
  /**
   * Confirmation mails the form may cause in one UTC day; beyond it, 429 and no mail.
   * @default 200
   */
  readonly confirmationMailsPerDay?: number;
  /**
   * Subscribe requests per client address (IPv6: per /64) and hour.
   * @default 10
   */
  readonly subscribeRequestsPerHour?: number;
}

/**
 * The token secret, the HTTP API that subscribes, confirms and unsubscribes,
 * and the invite function that mails confirmations off the request path, so
 * a subscribe request takes as long whether or not a mail goes out.
 */
export class SubscriptionApi extends Construct {
  public readonly table: ITableV2;
  public readonly secret: Secret;
  /** The value CloudFront sends in the origin header; the API refuses requests without it. */
  public readonly originSecret: Secret;
  public readonly function: NodejsFunction;
  public readonly api: HttpApi;
  /** Subscribe requests waiting for their confirmation mail. */
  public readonly invitations: Queue;
  public readonly invitationsDeadLetterQueue: Queue;
  public readonly inviteFunction: NodejsFunction;

  constructor(scope: Construct, id: string, props: SubscriptionApiProps) {
    super(scope, id);
    this.table = props.table;
    // Generated at deploy time: no secret is in the code or the template. Kept on `cdk destroy`, like the tables:
    // every confirm and unsubscribe link already mailed is signed with it.
    this.secret = new Secret(this, 'TokenKey', {
      description: 'HMAC key for Herald confirm and unsubscribe links',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'Rotating the link-signing key would break every unsubscribe link already mailed, which RFC 8058 and the law expect to keep working.' });
    this.originSecret = new Secret(this, 'OriginKey', {
      description: 'Header value CloudFront sends the Herald API, which refuses requests without it',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(this.originSecret).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'CloudFront receives the value when the stack deploys (a dynamic reference in its origin config); a rotation outside a deploy would lock CloudFront out of the API. Redeploying after changing the secret rotates it.' });

    const stack = Stack.of(this);
    const shared = {
      SUBSCRIBERS_TABLE: this.table.tableName,
      SENDER_ADDRESS: props.senderAddress,
      CONFIGURATION_SET: props.configurationSetName,
      TOKEN_SECRET_ARN: this.secret.secretArn,
      SITE_BUCKET: props.siteBucket.bucketName,
      WELCOME_MAIL: String(props.welcomeMail ?? true),
      SITE_URL: props.siteUrl,
      SITE_CONTEXT: stack.toJsonString(props.siteContext),
      NEWSLETTER_CONTEXT: stack.toJsonString(props.newsletterContext ?? {}),
      CONFIRMATION_MAILS_PER_DAY: String(props.confirmationMailsPerDay ?? DEFAULT_CONFIRMATION_MAILS_PER_DAY),
      SUBSCRIBE_REQUESTS_PER_HOUR: String(props.subscribeRequestsPerHour ?? DEFAULT_SUBSCRIBE_REQUESTS_PER_HOUR),
    };
    this.invitationsDeadLetterQueue = new Queue(this, 'InvitationDeadLetters', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    this.invitations = new Queue(this, 'Invitations', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Six times the invite function's timeout, as AWS advises for SQS event sources.
      visibilityTimeout: Duration.minutes(3),
      deadLetterQueue: { queue: this.invitationsDeadLetterQueue, maxReceiveCount: 5 },
    });

    this.function = heraldFunction(this, 'Function', {
      handler: 'api',
      memorySize: 512,
      timeout: Duration.seconds(10),
      environment: { ...shared, ORIGIN_SECRET_ARN: this.originSecret.secretArn, INVITE_QUEUE_URL: this.invitations.queueUrl },
    });
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], resources: [this.table.tableArn] }));
    // The welcome mail, sent when a reader confirms.
    grantSesSend(this, this.function.role!, 'ses:SendEmail', props.senderAddress, props.configurationSetName);
    this.secret.grantRead(this.function);
    this.originSecret.grantRead(this.function);
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.invitations.queueArn] }));
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [props.siteBucket.arnForObjects(SITE_PATHS.json)] }));

    this.inviteFunction = heraldFunction(this, 'InviteFunction', {
      handler: 'invite',
      memorySize: 256,
      timeout: Duration.seconds(30),
      environment: shared,
    });
    this.inviteFunction.addEventSource(new SqsEventSource(this.invitations, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 2 }));
    this.inviteFunction.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], resources: [this.table.tableArn] }));
    grantSesSend(this, this.inviteFunction.role!, 'ses:SendEmail', props.senderAddress, props.configurationSetName);
    this.secret.grantRead(this.inviteFunction);

    this.api = new HttpApi(this, 'Api', { description: 'Herald subscriptions', createDefaultStage: true });
    this.api.addRoutes({ path: '/api/{proxy+}', methods: [HttpMethod.ANY], integration: new HttpLambdaIntegration('Integration', this.function) });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    const stage = this.api.defaultStage!.node.defaultChild as CfnStage;
    stage.defaultRouteSettings = { throttlingRateLimit: props.rateLimit ?? 10, throttlingBurstLimit: props.burstLimit ?? 20 };
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({ requestId: '$context.requestId', ip: '$context.identity.sourceIp', method: '$context.httpMethod', path: '$context.path', status: '$context.status', latency: '$context.responseLatency' }),
    };
    Validations.of(this.api).acknowledge({ id: 'AwsSolutions-APIG4', reason: 'The subscription API is public by design: anyone may subscribe, and confirm/unsubscribe are authorised by the HMAC-signed token in the link.' });
  }
}
