import { Duration, Stack } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { heraldFunction } from './heraldFunction';

/** Props of {@link Websub}. */
export interface WebsubProps {
  /** The site's one writer, which queues a ping for each feed a rebuild changed. */
  readonly rebuildFunction: NodejsFunction;
  readonly siteUrl: string;
  /** The site keys of cdk.json context (with `websubHub`), handed to the function as JSON. */
  readonly siteContext: Readonly<Record<string, unknown>>;
}

// A ping waits at most this long for the hub; the function's timeout leaves room for ten of them in parallel and a re-queue.
const HUB_TIMEOUT = Duration.seconds(5);
const FUNCTION_TIMEOUT = Duration.seconds(30);

/**
 * WebSub publishing, made only when `websubHub` is set: the rebuild puts the
 * URLs of the feeds it changed on a queue and returns; the ping function
 * tells the hub of each (a form POST, within a time limit) and puts what the
 * hub did not take back on the queue with a growing delay. A hub that fails
 * or hangs so costs the site nothing, and no ping is lost to Lambda freezing
 * an invocation that has returned.
 */
export class Websub extends Construct {
  public readonly queue: Queue;
  public readonly deadLetterQueue: Queue;
  public readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: WebsubProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'PingDeadLetters', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    this.queue = new Queue(this, 'Pings', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS: "set the source queue's visibility timeout to at least six times the timeout that you configure on your function".
      visibilityTimeout: Duration.seconds(FUNCTION_TIMEOUT.toSeconds() * 6),
      // A failing hub is retried by the function itself (a delayed copy); only a ping it could not re-queue comes back here.
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });
    this.function = heraldFunction(this, 'Function', {
      handler: 'websub',
      memorySize: 256,
      timeout: FUNCTION_TIMEOUT,
      environment: {
        SITE_URL: props.siteUrl,
        SITE_CONTEXT: Stack.of(this).toJsonString(props.siteContext),
        WEBSUB_QUEUE_URL: this.queue.queueUrl,
        HUB_TIMEOUT_MS: String(HUB_TIMEOUT.toMilliseconds()),
        POWERTOOLS_SERVICE_NAME: 'herald-websub',
        POWERTOOLS_METRICS_NAMESPACE: 'Herald',
      },
    });
    this.function.addEventSource(new SqsEventSource(this.queue, { batchSize: 5, reportBatchItemFailures: true, maxConcurrency: 2 }));
    this.queue.grantSendMessages(this.function);
    this.queue.grantSendMessages(props.rebuildFunction);
    props.rebuildFunction.addEnvironment('WEBSUB_QUEUE_URL', this.queue.queueUrl);
  }
}
