import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

/** What the router reports per batch, for the dev server's log. */
export interface RoutedBatch {
  /** The queue it stands in for: `content`, `announcements` or `deliveries`. */
  readonly queue: string;
  readonly bodies: readonly string[];
  readonly failed: number;
  readonly ms: number;
}

/**
 * Stands in for SQS and the Lambda event source mapping locally: collects
 * messages for a short batching window, delivers them one batch at a time
 * (the deployed function has a concurrency of one), and redelivers failed
 * messages up to `maxReceiveCount` times, as the queue's redrive policy does.
 */
export class EventRouter {
  private pending: { id: string; body: string; receives: number }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private sequence = 0;
  private active = false;

  constructor(
    readonly queue: string,
    private readonly handler: SqsHandler,
    private readonly onBatch: (batch: RoutedBatch) => void,
    private readonly batchWindowMs = 50,
    private readonly maxReceiveCount = 5,
  ) {}

  /** Queues one message body (an S3 event notification or a schedule tick). */
  send(body: string): void {
    this.pending.push({ id: `local-${++this.sequence}`, body, receives: 0 });
    this.timer ??= setTimeout(() => this.flush(), this.batchWindowMs);
  }

  /** True while messages wait or a batch is being handled. */
  get busy(): boolean {
    return this.pending.length > 0 || this.timer !== undefined || this.active;
  }

  /** Resolves when every queued message has been handled. */
  async idle(): Promise<void> {
    while (this.pending.length > 0 || this.timer) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.flush();
      }
      await this.running;
    }
    await this.running;
  }

  private flush(): void {
    this.timer = undefined;
    const batch = this.pending.splice(0, 10);
    if (this.pending.length > 0) this.timer = setTimeout(() => this.flush(), 0);
    this.running = this.running.then(() => this.deliver(batch));
  }

  private async deliver(batch: { id: string; body: string; receives: number }[]): Promise<void> {
    this.active = true;
    const started = performance.now();
    const event: SQSEvent = { Records: batch.map((m) => sqsRecord(m.id, m.body, ++m.receives)) };
    let failedIds: Set<string>;
    try {
      failedIds = new Set((await this.handler(event)).batchItemFailures.map((f) => f.itemIdentifier));
    } catch {
      failedIds = new Set(batch.map((m) => m.id)); // a crash fails the whole batch, as in Lambda
    }
    const retry = batch.filter((m) => failedIds.has(m.id) && m.receives < this.maxReceiveCount);
    if (retry.length > 0) {
      this.pending.unshift(...retry);
      this.timer ??= setTimeout(() => this.flush(), 200);
    }
    this.active = false;
    this.onBatch({ queue: this.queue, bodies: batch.map((m) => m.body), failed: failedIds.size, ms: Math.round(performance.now() - started) });
  }
}

function sqsRecord(messageId: string, body: string, receives: number): SQSEvent['Records'][number] {
  return {
    messageId,
    receiptHandle: messageId,
    body,
    attributes: { ApproximateReceiveCount: String(receives), SentTimestamp: String(Date.now()), SenderId: 'local', ApproximateFirstReceiveTimestamp: String(Date.now()) },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:us-east-1:000000000000:herald-local`,
    awsRegion: 'us-east-1',
  };
}
