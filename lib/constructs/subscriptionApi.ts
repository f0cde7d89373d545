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
}

/** The token secret and the HTTP API that subscribes, confirms and unsubscribes. */
export class SubscriptionApi extends Construct {
  public readonly table: ITableV2;
  public readonly secret: Secret;
  public readonly function: NodejsFunction;
  public readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: SubscriptionApiProps) {
    super(scope, id);
    this.table = props.table;
    // Generated at deploy time: no secret is in the code or the template.
    this.secret = new Secret(this, 'TokenKey', { description: 'HMAC key for Herald confirm and unsubscribe links', generateSecretString: { passwordLength: 64, excludePunctuation: true } });
    Validations.of(this.secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'Rotating the link-signing key would break every unsubscribe link already mailed, which RFC 8058 and the law expect to keep working.' });

    this.function = heraldFunction(this, 'Function', {
      handler: 'api',
      memorySize: 512,
      timeout: Duration.seconds(10),
      environment: {
        SUBSCRIBERS_TABLE: this.table.tableName,
        SENDER_ADDRESS: props.senderAddress,
        CONFIGURATION_SET: props.configurationSetName,
        TOKEN_SECRET_ARN: this.secret.secretArn,
        SITE_BUCKET: props.siteBucket.bucketName,
        WELCOME_MAIL: String(props.welcomeMail ?? true),
        SITE_URL: props.siteUrl,
        SITE_CONTEXT: Stack.of(this).toJsonString(props.siteContext),
        NEWSLETTER_CONTEXT: Stack.of(this).toJsonString(props.newsletterContext ?? {}),
      },
    });
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], resources: [this.table.tableArn] }));
    this.function.addToRolePolicy(new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [
        Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: props.senderAddress.split('@')[1] }),
        Stack.of(this).formatArn({ service: 'ses', resource: 'configuration-set', resourceName: props.configurationSetName }),
      ],
    }));
    this.secret.grantRead(this.function);
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [props.siteBucket.arnForObjects(SITE_PATHS.json)] }));

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
