import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

/** What the router reports per batch, for the dev server's log. */
export interface RoutedBatch {
  /** The queue it stands in for: `content`, `rebuild`, `announcements` or `deliveries`. */
  readonly queue: string;
  readonly bodies: readonly string[];
  readonly failed: number;
  readonly ms: number;
}

/** How a router behaves; the defaults are those of a standard SQS queue and its event source mapping. */
export interface RouterOptions {
  /** How long the first message waits for others to join its batch. @default 50 */
  readonly batchWindowMs?: number;
  /** Deliveries of one message before it is set aside in `dead/`. @default 5 */
  readonly maxReceiveCount?: number;
  /** Before a failed message comes round again. @default 200 */
  readonly retryDelayMs?: number;
  /**
   * Folder where messages wait until handled, one file each, so they outlive
   * the process as SQS keeps them across a crash; another process (`herald
   * reconcile`) may drop messages in it. In memory when absent.
   */
  readonly directory?: string;
  /** A FIFO queue's deduplication: a message whose id was sent in the last five minutes is dropped. */
  readonly deduplicationId?: (body: string) => string;
}

interface Message {
  readonly id: string;
  readonly body: string;
  receives: number;
  /** Epoch ms before which it is not delivered (a delay, or a retry's wait). */
  notBefore: number;
}

// SQS FIFO remembers deduplication ids for five minutes.
const DEDUPLICATION_MS = 5 * 60_000;

/**
 * Stands in for SQS and the Lambda event source mapping locally: collects
 * messages for a short batching window, delivers them one batch at a time,
 * redelivers failed messages up to `maxReceiveCount` times, delays messages
 * sent with a delay, and, given a folder, keeps every message on disk until
 * it is handled, so killing the process loses nothing that was queued.
 */
export class EventRouter {
  private readonly pending: Message[] = [];
  private readonly known = new Set<string>();
  private readonly seen = new Map<string, number>();
  private readonly options: Required<Omit<RouterOptions, 'directory' | 'deduplicationId'>> & Pick<RouterOptions, 'directory' | 'deduplicationId'>;
  private timer: NodeJS.Timeout | undefined;
  private readonly poller: NodeJS.Timeout | undefined;
  private active = false;
  private sequence = 0;

  constructor(
    readonly queue: string,
    private readonly handler: SqsHandler,
    private readonly onBatch: (batch: RoutedBatch) => void,
    options: RouterOptions = {},
  ) {
    this.options = { batchWindowMs: 50, maxReceiveCount: 5, retryDelayMs: 200, ...options };
    if (this.options.directory) {
      mkdirSync(join(this.options.directory, 'dead'), { recursive: true });
      this.adopt();
      // Messages another process left in the folder are picked up within a second.
      this.poller = setInterval(() => this.adopt(), 1000);
      this.poller.unref();
    }
  }

  /** Queues one message body, optionally delayed (as SQS `DelaySeconds`). */
  send(body: string, delaySeconds = 0): void {
    const dedup = this.options.deduplicationId?.(body);
    if (dedup !== undefined) {
      const now = Date.now();
      for (const [id, at] of this.seen) if (at < now - DEDUPLICATION_MS) this.seen.delete(id);
      if (this.seen.has(dedup)) return;
      this.seen.set(dedup, now);
    }
    const message: Message = { id: this.nextId(), body, receives: 0, notBefore: Date.now() + delaySeconds * 1000 };
    this.save(message);
    this.enqueue(message);
  }

  /** True while messages wait (delayed ones too) or a batch is being handled. */
  get busy(): boolean {
    return this.pending.length > 0 || this.active;
  }

  /** Resolves when every queued message, delayed ones included, has been handled. */
  async idle(): Promise<void> {
    while (this.busy) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  /** Stops delivering; messages on disk wait for the next start. */
  close(): void {
    clearTimeout(this.timer);
    clearInterval(this.poller);
    this.timer = undefined;
  }

  private enqueue(message: Message): void {
    this.known.add(message.id);
    this.pending.push(message);
    this.pending.sort((a, b) => (a.id < b.id ? -1 : 1));
    this.schedule(this.options.batchWindowMs);
  }

  private schedule(inMs: number): void {
    if (this.active) return; // the running batch schedules the next one when it ends
    const due = Math.min(...this.pending.map((m) => m.notBefore));
    const wait = Math.max(inMs, due - Date.now());
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), wait);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const now = Date.now();
    const batch = this.pending.filter((m) => m.notBefore <= now).slice(0, 10);
    if (batch.length === 0) {
      if (this.pending.length > 0) this.schedule(0);
      return;
    }
    for (const message of batch) this.pending.splice(this.pending.indexOf(message), 1);
    this.active = true;
    const started = performance.now();
    const event: SQSEvent = { Records: batch.map((m) => sqsRecord(m.id, m.body, ++m.receives)) };
    let failedIds = new Set(batch.map((m) => m.id)); // a crash fails the whole batch, as in Lambda
    try {
      failedIds = new Set((await this.handler(event)).batchItemFailures.map((f) => f.itemIdentifier));
    } catch {
      // reported as failed below
    } finally {
      for (const message of batch) {
        if (!failedIds.has(message.id)) this.settle(message);
        else if (message.receives >= this.options.maxReceiveCount) this.deadLetter(message);
        else this.retry(message);
      }
      this.active = false;
    }
    this.onBatch({ queue: this.queue, bodies: batch.map((m) => m.body), failed: failedIds.size, ms: Math.round(performance.now() - started) });
    if (this.pending.length > 0) this.schedule(0);
  }

  private settle(message: Message): void {
    this.known.delete(message.id);
    if (this.options.directory) rmSync(this.file(message.id), { force: true });
  }

  private retry(message: Message): void {
    message.notBefore = Date.now() + this.options.retryDelayMs;
    this.save(message);
    this.pending.push(message);
    this.pending.sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  private deadLetter(message: Message): void {
    this.known.delete(message.id);
    if (this.options.directory) this.save({ ...message }, join(this.options.directory, 'dead', `${message.id}.json`));
    if (this.options.directory) rmSync(this.file(message.id), { force: true });
  }

  private save(message: Message, file = this.options.directory && this.file(message.id)): void {
    if (!this.options.directory || !file) return;
    // Written whole, then renamed: a kill mid-write leaves no half message.
    const temporary = join(this.options.directory, `.${message.id}.tmp`);
    writeFileSync(temporary, JSON.stringify({ body: message.body, receives: message.receives, notBefore: message.notBefore }));
    renameSync(temporary, file);
  }

  // Messages in the folder this router does not know yet: its own after a restart, or another process's.
  private adopt(): void {
    const directory = this.options.directory!;
    if (!existsSync(directory)) return;
    for (const name of readdirSync(directory).filter((n) => n.endsWith('.json')).sort()) {
      const id = name.slice(0, -'.json'.length);
      if (this.known.has(id)) continue;
      try {
        const stored = JSON.parse(readFileSync(join(directory, name), 'utf8')) as { body: string; receives?: number; notBefore?: number };
        this.enqueue({ id, body: stored.body, receives: stored.receives ?? 0, notBefore: stored.notBefore ?? 0 });
      } catch {
        // Being written by another process right now; the next look finds it whole.
      }
    }
  }

  private file(id: string): string {
    return join(this.options.directory!, `${id}.json`);
  }

  // Sortable by time of sending, unique across processes.
  private nextId(): string {
    this.sequence += 1;
    return `${Date.now().toString(36).padStart(9, '0')}-${this.sequence.toString(36).padStart(6, '0')}-${randomBytes(4).toString('hex')}`;
  }
}

/** Where the local stack keeps a queue's waiting messages, under its state folder. */
export function localQueueDirectory(stateDir: string, queue: string): string {
  return join(stateDir, 'queues', queue);
}

/**
 * Drops one message into a queue folder that a running local stack picks up
 * (or the next one does at its start): how a separate `herald` command
 * reaches the stack's in-process queues.
 */
export function dropMessage(directory: string, body: string): void {
  mkdirSync(directory, { recursive: true });
  const id = `${Date.now().toString(36).padStart(9, '0')}-zzzzzz-${randomBytes(4).toString('hex')}`;
  const temporary = join(directory, `.${id}.tmp`);
  writeFileSync(temporary, JSON.stringify({ body, receives: 0, notBefore: 0 }));
  renameSync(temporary, join(directory, `${id}.json`));
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
