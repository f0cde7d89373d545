import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { sesClient } from '../../lambdas/adapters/sesClient';
import { DynamoBatchReader } from '../../lambdas/adapters/dynamoBatchReader';
import { DynamoCampaignStore } from '../../lambdas/adapters/dynamoCampaignStore';
import { DynamoSubscriberStore } from '../../lambdas/adapters/dynamoSubscriberStore';
import { S3EntryStore } from '../../lambdas/adapters/s3EntryStore';
import { SesBulkMailer } from '../../lambdas/adapters/sesBulkMailer';
import { newsletterConfigFrom } from '../../lambdas/config/newsletterConfig';
import { localUrl } from '../../cli/local/localPorts';
import { ensureBucket, ensureCampaignsTable, ensureSubscribersTable } from '../../cli/local/provisionLocal';
import type { DeliveryBatch } from '../../lambdas/newsletter/campaign';
import { digestId, digestSlot } from '../../lambdas/newsletter/digestSlot';
import { Notifier, type Announcement, type NotifierDeps } from '../../lambdas/newsletter/notifier';
import type { DeliveryQueue } from '../../lambdas/newsletter/ports';
import { Sender, type BatchOutcome, type SenderDeps } from '../../lambdas/newsletter/sender';
import { SendPacer } from '../../lambdas/newsletter/sendPacer';
import { sha256 } from '../../lambdas/publish/sha256';
import { entryPath, storedArticleOf } from '../../lambdas/publish/storedArticle';
import { renderArticle } from '../../lambdas/site/renderArticle';
import { renderVersionOf } from '../../lambdas/site/renderVersion';
import type { Preferences, SubscriberStatus } from '../../lambdas/subscriptions/subscriber';
import { subscriberId } from '../../lambdas/subscriptions/subscriberId';
import { preferencesLink, unsubscribeLink } from '../../lambdas/subscriptions/unsubscribeLink';
import type { Harness } from './emulatorHarness';

export const TOKEN_SECRET = 'newsletter-test-secret';

/** A mail as the SES emulator stores it. */
export interface StoredMail {
  readonly messageId: string;
  readonly from: string;
  readonly replyTo: string[];
  readonly destination: { readonly to: string[] };
  readonly subject: string;
  readonly body: { readonly html: string; readonly text: string };
  readonly headers?: { readonly name: string; readonly value: string }[];
}

/** A queue message as the test queue holds it. */
interface Queued {
  readonly body: string;
  receives: number;
}

/**
 * Stands in for the send queue: keeps messages, hands them to a consumer and
 * keeps every message the consumer did not settle (or crashed on) for the next round, as SQS redelivers.
 */
export class TestQueue implements DeliveryQueue {
  messages: Queued[] = [];

  async enqueue(batches: readonly DeliveryBatch[]): Promise<void> {
    this.messages.push(...batches.map((b) => ({ body: JSON.stringify(b), receives: 0 })));
  }

  /** Delivers every message `times` times (a queue that repeats itself). */
  duplicate(times: number): void {
    this.messages = this.messages.flatMap((m) => Array.from({ length: times }, () => ({ ...m })));
  }

  /**
   * Delivers until the queue is empty or `rounds` rounds have passed; `between`
   * runs after each round (advance the clock past leases, replace a crashed
   * consumer). With `concurrency`, that many messages are handled at once, so
   * the copies of a repeated message meet in parallel invocations; `around`
   * runs each delivery (one invocation).
   */
  async drain(consumer: () => (batch: DeliveryBatch) => Promise<BatchOutcome>, options: DeliveryOptions & { between?: () => void } = {}): Promise<void> {
    const around = options.around ?? ((work) => work());
    for (let round = 0; this.messages.length > 0 && round < (options.rounds ?? 20); round += 1) {
      const delivering = this.messages;
      this.messages = [];
      const handle = consumer();
      let next = 0;
      const worker = async () => {
        while (next < delivering.length) {
          const message = delivering[next++]!;
          message.receives += 1;
          let settled = false;
          try {
            settled = (await around(() => handle(JSON.parse(message.body) as DeliveryBatch))).settled;
          } catch {
            settled = false;
          }
          if (!settled) this.messages.push(message);
        }
      };
      await Promise.all(Array.from({ length: options.concurrency ?? 1 }, worker));
      options.between?.();
    }
  }
}

/** How the test queue delivers. */
export interface DeliveryOptions {
  readonly rounds?: number;
  readonly concurrency?: number;
  readonly around?: <T>(work: () => Promise<T>) => Promise<T>;
}

/** A clock the test moves by hand. */
export class TestClock {
  constructor(private at: number) {}
  readonly now = (): Date => new Date(this.at);
  advance(ms: number): void {
    this.at += ms;
  }
}

let rigs = 0;

/** Buckets, tables, subscribers and the two newsletter components, wired to the emulators. */
export class NewsletterRig {
  readonly n = ++rigs;
  readonly names = { entries: `nl-entries-${this.n}`, subscribers: `nl-subscribers-${this.n}`, campaigns: `nl-campaigns-${this.n}` };
  readonly domain = `rig${this.n}.example.com`;
  readonly entries: S3EntryStore;
  readonly campaigns: DynamoCampaignStore;
  readonly subscribers: DynamoSubscriberStore;
  readonly queue = new TestQueue();
  readonly clock = new TestClock(Date.parse('2026-06-01T12:00:00Z'));
  readonly ses: SESv2Client;
  readonly newsletter;

  constructor(readonly harness: Harness, readonly sesPort: number, context: Record<string, unknown> = {}) {
    this.entries = new S3EntryStore(harness.s3, this.names.entries);
    this.campaigns = new DynamoCampaignStore(harness.db, this.names.campaigns);
    this.subscribers = new DynamoSubscriberStore(harness.db, this.names.subscribers);
    this.ses = sesClient(localUrl(sesPort), { maxAttempts: 1 });
    this.newsletter = newsletterConfigFrom({ senderAddress: 'news@example.com', replyTo: 'editor@example.com', ...context }, harness.site);
  }

  async setUp(): Promise<this> {
    await ensureBucket(this.harness.s3, this.names.entries);
    await ensureSubscribersTable(this.harness.db as never, this.names.subscribers);
    await ensureCampaignsTable(this.harness.db as never, this.names.campaigns);
    return this;
  }

  /** Adds subscribers `reader0…` in the given states, with topics and cadence when given; returns their addresses. */
  async seed(count: number, status: SubscriberStatus = 'confirmed', prefix = 'reader', preferences: Partial<Preferences> = {}): Promise<string[]> {
    const emails = Array.from({ length: count }, (_, i) => `${prefix}${i}@${this.domain}`);
    const at = '2026-05-01T00:00:00.000Z';
    await Promise.all(emails.map(async (email) => {
      const id = subscriberId(email);
      await this.subscribers.importConfirmed({ id, email, status: 'confirmed', source: 'import', createdAt: at, updatedAt: at, ...preferences });
      if (status !== 'confirmed') await this.subscribers.transition(id, ['confirmed'], status, at);
    }));
    return emails;
  }

  /** The digest campaign of the slot at or after `at`, as the schedule asks for it. */
  digestFor(at: string): { at: Date; id: string } {
    return { at: new Date(at), id: digestId(digestSlot(new Date(at), this.newsletter.digest).week) };
  }

  /**
   * Publishes an article as the publish function and the rebuild do for the
   * newsletter: renders it (an undated one dated at its first publication),
   * stores the rendering in the entries bucket and returns the announcement naming it.
   */
  async publish(slug: string, markdown: string, firstPublishedAt = this.clock.now().toISOString()): Promise<Announcement> {
    const { site } = this.harness;
    const key = `posts/${slug}.md`;
    const { article, page } = renderArticle({ key, bytes: Buffer.from(markdown) }, { site, firstSeen: () => ({ date: new Date(firstPublishedAt), source: 'first-seen time' }) });
    const entry = entryPath(key, sha256(markdown), renderVersionOf(site));
    await this.entries.put(entry, storedArticleOf(article, site), page);
    return { slug, key, url: `${site.url}posts/${slug}/`, firstPublishedAt, entry };
  }

  notifier(overrides: Partial<NotifierDeps> = {}): Notifier {
    return new Notifier({
      site: this.harness.site,
      newsletter: this.newsletter,
      articles: this.entries,
      campaigns: this.campaigns,
      subscribers: this.subscribers,
      queue: this.queue,
      clock: this.clock.now,
      ...overrides,
    });
  }

  sender(overrides: Partial<SenderDeps> = {}): Sender {
    return new Sender({
      campaigns: this.campaigns,
      batches: new DynamoBatchReader(this.harness.db, { campaigns: this.names.campaigns, subscribers: this.names.subscribers }),
      mailer: new SesBulkMailer(this.ses, { from: this.newsletter.from, ...(this.newsletter.replyTo && { replyTo: this.newsletter.replyTo }) }),
      pacer: new SendPacer(1_000_000, { now: () => 0, sleep: async () => undefined }),
      unsubscribeUrl: (id) => unsubscribeLink(this.harness.site.url, TOKEN_SECRET, id, this.clock.now()),
      preferencesUrl: (id) => preferencesLink(this.harness.site.url, TOKEN_SECRET, id, this.clock.now()),
      log: { sent: () => undefined, failed: () => undefined, throttled: () => undefined, completed: () => undefined },
      clock: this.clock.now,
      leaseMs: 300_000,
      ...overrides,
    });
  }

  /** Sends every queued batch with fresh senders, moving the clock past the lease between rounds. */
  async deliver(overrides: Partial<SenderDeps> = {}, options: DeliveryOptions = {}): Promise<void> {
    await this.queue.drain(() => {
      const sender = this.sender(overrides);
      return (batch) => sender.handle(batch);
    }, { ...options, between: () => this.clock.advance(301_000) });
  }

  /** This rig's mails in the SES emulator's mailbox. */
  async mailbox(): Promise<StoredMail[]> {
    const store = (await (await fetch(`${localUrl(this.sesPort)}/store`)).json()) as { emails: StoredMail[] };
    return store.emails.filter((m) => m.destination.to.some((to) => to.endsWith(`@${this.domain}`)));
  }
}

/** How many mails each recipient got for each subject: the exactly-once check. */
export function deliveriesPerRecipient(mails: readonly StoredMail[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of mails) {
    for (const to of mail.destination.to) counts.set(`${mail.subject} → ${to}`, (counts.get(`${mail.subject} → ${to}`) ?? 0) + 1);
  }
  return counts;
}

/** A header of a stored mail. */
export function header(mail: StoredMail, name: string): string | undefined {
  return mail.headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}
