import { DynamoArticleState } from '../../lambdas/adapters/dynamoArticleState';
import { S3ContentSource } from '../../lambdas/adapters/s3ContentSource';
import { S3EntryStore } from '../../lambdas/adapters/s3EntryStore';
import { S3SiteStore } from '../../lambdas/adapters/s3SiteStore';
import type { SiteConfig } from '../../lambdas/config/siteConfig';
import { ensureArticlesTable, ensureBucket } from '../../cli/local/provisionLocal';
import { heraldMessage } from '../../lambdas/publish/contentEvent';
import type { ArticlePublished, EventQueue, RebuildQueue, RebuildRequest } from '../../lambdas/publish/ports';
import { Publisher, type PublisherDeps } from '../../lambdas/publish/publisher';
import type { PublishLog } from '../../lambdas/publish/publishLog';
import { parseRebuildRequest, rebuildRequestBody, rebuildRequestId } from '../../lambdas/publish/rebuildRequest';
import { Rebuilder, type RebuilderDeps } from '../../lambdas/publish/rebuilder';
import { put, read, remove, s3Event, type Harness } from './emulatorHarness';

/** The events queue of a test: bodies with the moment they become visible. */
class TestEventQueue implements EventQueue {
  messages: { body: string; notBefore: number }[] = [];

  constructor(private readonly now: () => number) {}

  async send(bodies: readonly string[], delaySeconds = 0): Promise<void> {
    this.messages.push(...bodies.map((body) => ({ body, notBefore: this.now() + delaySeconds * 1000 })));
  }

  /** Takes up to ten visible messages, as one receive does. */
  take(): string[] {
    const visible = this.messages.filter((m) => m.notBefore <= this.now()).slice(0, 10);
    this.messages = this.messages.filter((m) => !visible.includes(m));
    return visible.map((m) => m.body);
  }
}

/** The rebuild's FIFO queue of a test, deduplicating as SQS does. */
class TestRebuildQueue implements RebuildQueue {
  messages: string[] = [];
  private readonly seen = new Set<string>();
  dropped = 0;

  async request(request: RebuildRequest): Promise<void> {
    const id = rebuildRequestId(request);
    if (this.seen.has(id)) {
      this.dropped += 1;
      return;
    }
    this.seen.add(id);
    this.messages.push(rebuildRequestBody(request));
  }
}

let rigs = 0;

/** What a rig's functions reported. */
export interface RigRecord {
  readonly announced: ArticlePublished[];
  readonly rejected: string[];
  /** Warnings as `file:line: message`. */
  readonly warnings: string[];
  readonly failed: unknown[];
}

/**
 * The publish and rebuild functions wired to the emulators, with in-test
 * queues that behave as SQS does (a failed message comes back, a delayed one
 * waits, FIFO drops repeated deduplication ids) and a clock the test moves.
 */
export class PublishRig {
  readonly n = ++rigs;
  readonly names;
  readonly state: DynamoArticleState;
  readonly events: TestEventQueue;
  readonly rebuilds = new TestRebuildQueue();
  readonly record: RigRecord = { announced: [], rejected: [], warnings: [], failed: [] };
  readonly site: SiteConfig;
  readonly clock: () => Date;
  private now = Date.parse('2026-06-01T00:00:00Z');
  private sequence = 0;

  /**
   * `content` and `entries` share another rig's buckets (a newsletter rig's entries: its notifier reads what this rig
   * stores), `clock` another rig's clock (then `advance` and `at` do nothing), `start` sets this rig's.
   */
  constructor(readonly harness: Harness, options: { site?: SiteConfig; content?: string; entries?: string; clock?: () => Date; start?: Date } = {}) {
    if (options.start) this.now = options.start.getTime();
    this.names = { content: options.content ?? `pub-content-${this.n}`, site: `pub-site-${this.n}`, entries: options.entries ?? `pub-entries-${this.n}`, table: `pub-articles-${this.n}` };
    this.site = options.site ?? harness.site;
    this.clock = options.clock ?? (() => new Date(this.now));
    this.state = new DynamoArticleState(harness.db, this.names.table);
    this.events = new TestEventQueue(() => this.clock().getTime());
  }

  async setUp(): Promise<this> {
    for (const bucket of [this.names.content, this.names.site, this.names.entries]) await ensureBucket(this.harness.s3, bucket);
    await ensureArticlesTable(this.harness.db as never, this.names.table);
    return this;
  }

  /** Moves the clock on. */
  advance(ms: number): void {
    this.now += ms;
  }

  /** Sets the clock. */
  at(iso: string): void {
    this.now = Date.parse(iso);
  }

  readonly log: PublishLog = {
    published: () => undefined,
    removed: () => undefined,
    rejected: (error) => this.record.rejected.push(error.message),
    warned: (warning) => this.record.warnings.push(`${warning.file}${warning.line === undefined ? '' : `:${warning.line}`}: ${warning.message}`),
    announced: () => undefined,
    reconciled: () => undefined,
    failed: (_id, error) => this.record.failed.push(error),
  };

  /** The real ports over this rig's buckets and table, for a test to wrap. */
  ports() {
    const { s3 } = this.harness;
    return {
      content: new S3ContentSource(s3, this.names.content),
      entries: new S3EntryStore(s3, this.names.entries),
      output: new S3SiteStore(s3, this.names.site, this.names.content),
      state: this.state,
    };
  }

  publisher(overrides: Partial<PublisherDeps> = {}): Publisher {
    const { content, entries, output, state } = this.ports();
    return new Publisher({ site: this.site, content, entries, output, state, rebuilds: this.rebuilds, events: this.events, log: this.log, clock: this.clock, deleteGraceMs: 30_000, ...overrides });
  }

  rebuilder(overrides: Partial<RebuilderDeps> = {}): Rebuilder {
    const { content, entries, output, state } = this.ports();
    return new Rebuilder({
      site: this.site, content, entries, output, state, log: this.log, clock: this.clock,
      announcer: { announce: async (event) => void this.record.announced.push(event) },
      ...overrides,
    });
  }

  /** Puts an object and queues the event S3 would send. */
  async upload(key: string, body: string | Uint8Array): Promise<void> {
    await put(this.harness.s3, this.names.content, key, body);
    await this.events.send([s3Event(this.names.content, key, ++this.sequence)]);
  }

  /** Deletes an object and queues the event S3 would send. */
  async delete(key: string): Promise<void> {
    await remove(this.harness.s3, this.names.content, key);
    await this.events.send([s3Event(this.names.content, key, ++this.sequence, 'ObjectRemoved:Delete')]);
  }

  /** Queues the schedule's tick. */
  async tick(): Promise<void> {
    await this.events.send([heraldMessage({ source: 'herald.schedule' })]);
  }

  /**
   * Delivers every visible message to fresh functions until both queues are
   * empty: a failed or crashed message comes back, as SQS redelivers it.
   * `functions` builds the functions of each round (a test wraps their ports).
   */
  async settle(functions: () => { publisher: Publisher; rebuilder: Rebuilder } = () => ({ publisher: this.publisher(), rebuilder: this.rebuilder() }), rounds = 50): Promise<void> {
    for (let round = 0; round < rounds; round += 1) {
      const { publisher, rebuilder } = functions();
      const bodies = this.events.take();
      if (bodies.length > 0) {
        const messages = bodies.map((body, i) => ({ id: String(i), body }));
        let failed: string[];
        try {
          ({ failed } = await publisher.publishBatch(messages));
        } catch {
          failed = messages.map((m) => m.id);
        }
        this.events.messages.unshift(...failed.map((id) => ({ body: bodies[Number(id)]!, notBefore: 0 })));
        continue;
      }
      const batch = this.rebuilds.messages.slice(0, 10);
      if (batch.length > 0) {
        try {
          await rebuilder.rebuild(batch.map(parseRebuildRequest));
          this.rebuilds.messages.splice(0, batch.length);
        } catch {
          // The whole batch stays at the head of its group and comes back.
        }
        continue;
      }
      return;
    }
    throw new Error(`queues not empty after ${rounds} rounds: ${this.events.messages.length} events, ${this.rebuilds.messages.length} rebuilds`);
  }

  /** A file of the site, or undefined. */
  page(path: string): Promise<string | undefined> {
    return read(this.harness.s3, this.names.site, path);
  }

  /** The titles in feed.json, newest first. */
  async feedTitles(): Promise<string[]> {
    const json = await this.page('feed.json');
    return json ? (JSON.parse(json) as { items: { title: string }[] }).items.map((i) => i.title) : [];
  }
}
