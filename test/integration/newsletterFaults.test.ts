import { TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { SesBulkMailer } from '../../lambdas/adapters/sesBulkMailer';
import type { DeliveryBatch } from '../../lambdas/newsletter/campaign';
import type { Announcement } from '../../lambdas/newsletter/notifier';
import { FanOutBusyError } from '../../lambdas/newsletter/errors';
import { article, startHarness, type Harness } from '../helpers/emulatorHarness';
import { deliveriesPerRecipient, NewsletterRig, TOKEN_SECRET } from '../helpers/newsletterHarness';
import type { SQSEvent } from 'aws-lambda';
import { localUrl } from '../../cli/local/localPorts';
import { createSendHandler } from '../../lambdas/functions/send/createSendHandler';
import { testPort } from '../helpers/testPort';

jest.setTimeout(120_000);

const BASE_PORT = testPort(14_880);
const SES_PORT = BASE_PORT + 2;

/** Thrown in place of a Lambda that dies: the work before it happened, nothing after. */
class Crash extends Error {}

// A seeded generator, so a failing run can be repeated exactly.
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Makes SES answer "throttled" to a share of SendBulkEmail calls, before the request leaves, as SES does when over the rate. */
function throttleSes(rig: NewsletterRig, share: number, random: () => number): { throttled: number } {
  const stats = { throttled: 0 };
  rig.ses.middlewareStack.add((next, context) => async (args) => {
    if (context.commandName === 'SendBulkEmailCommand' && random() < share) {
      stats.throttled += 1;
      throw random() < 0.5
        ? new TooManyRequestsException({ message: 'Too many requests', $metadata: { httpStatusCode: 429 } })
        : Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    }
    return next(args);
  }, { step: 'initialize', name: 'injectThrottling' });
  return stats;
}

/**
 * Wraps an object so that its `crashAt`-th completed call (counted across
 * every wrapped object) throws a Crash after the call took effect.
 */
function crashing<T extends object>(target: T, counter: { calls: number; crashAt: number; crashed?: string }, name: string): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(object, args);
        counter.calls += 1;
        if (counter.calls === counter.crashAt) {
          counter.crashed = `${name}.${String(property)}`;
          throw new Crash(`crash after ${counter.crashed}`);
        }
        return result;
      };
    },
  });
}

describe('newsletter delivery under faults', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(BASE_PORT);
  });
  afterAll(async () => harness.stop());

  // Announcements are retried as SQS would: after a failure the lease has run out.
  async function notifyUntilDone(rig: NewsletterRig, announcement: Announcement, notify: () => Promise<unknown>): Promise<void> {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      try {
        await notify();
        return;
      } catch (error) {
        if (!(error instanceof Crash) && !(error instanceof FanOutBusyError)) throw error;
        rig.clock.advance(61_000);
      }
    }
    throw new Error(`announcement ${announcement.slug} never finished`);
  }

  it('never mails twice and loses no one silently when the pipeline crashes after any one step', async () => {
    // Prepare
    const rig = await new NewsletterRig(harness, SES_PORT).setUp();
    const readers = await rig.seed(5);
    const outcomes: { step: string; unknown: number }[] = [];

    // Act: crash after step 1, then after step 2, … until a run has fewer steps than the crash point.
    for (let crashAt = 1; ; crashAt += 1) {
      const counter: { calls: number; crashAt: number; crashed?: string } = { calls: 0, crashAt };
      const announcement = await rig.publish(`crash-${crashAt}`, article(`Crash ${crashAt}`, '2026-06-01T09:00:00Z'));
      const campaigns = crashing(rig.campaigns, counter, 'campaigns');
      const subscribers = crashing(rig.subscribers, counter, 'subscribers');
      const queue = crashing(rig.queue, counter, 'queue');
      const mailer = crashing(new SesBulkMailer(rig.ses, { from: rig.newsletter.from }), counter, 'ses');
      await notifyUntilDone(rig, announcement, () => rig.notifier({ campaigns, subscribers, queue, pageSize: 2 }).handle(announcement));
      await rig.deliver({ campaigns, subscribers, mailer });

      // Assess (per run)
      const campaign = await rig.campaigns.get(announcement.slug);
      const mails = (await rig.mailbox()).filter((m) => m.subject === `Crash ${crashAt}`);
      const perReader = deliveriesPerRecipient(mails);
      const unknown: string[] = [];
      for await (const d of rig.campaigns.listDeliveries(announcement.slug)) if (d.state === 'unknown') unknown.push(d.email);
      expect({ step: counter.crashed, max: Math.max(0, ...perReader.values()) }).toEqual({ step: counter.crashed, max: 1 });
      // Whoever got no mail is reported as unknown, never silently missing.
      const unmailed = readers.filter((r) => !mails.some((m) => m.destination.to.includes(r)));
      expect({ step: counter.crashed, silentlyMissed: unmailed.filter((r) => !unknown.includes(r)) }).toEqual({ step: counter.crashed, silentlyMissed: [] });
      expect({ step: counter.crashed, ...campaign }).toMatchObject({ step: counter.crashed, state: 'done', recipients: 5, sent: 5 - unknown.length, unknown: unknown.length });
      if (!counter.crashed) break;
      outcomes.push({ step: counter.crashed, unknown: unknown.length });
    }

    // Assess (overall): only a crash between SES's answer and the ledger write leaves an outcome unknown.
    expect(outcomes.length).toBeGreaterThan(20);
    expect(outcomes.filter((o) => o.unknown > 0).every((o) => o.step === 'ses.send' || o.step === 'campaigns.markHandedOver')).toBe(true);
    expect(outcomes.filter((o) => o.step === 'ses.send').length).toBe(3);
  });

  it('finishes a campaign on the retry when the fan-out died after its last page and every batch had already settled', async () => {
    // Prepare: a sender so quick that each batch settles before the fan-out commits its page
    const rig = await new NewsletterRig(harness, SES_PORT).setUp();
    await rig.seed(3);
    const sender = rig.sender();
    const queue = { enqueue: async (batches: readonly DeliveryBatch[]) => { for (const batch of batches) await sender.handle(batch); } };
    const dying = new Proxy(rig.campaigns, {
      get: (target, property, receiver) => (property === 'completeIfSettled' ? async () => { throw new Crash('died before the completion check'); } : Reflect.get(target, property, receiver)),
    });
    const announcement = await rig.publish('quick', article('Quick', '2026-06-01T09:00:00Z'));
    await expect(rig.notifier({ campaigns: dying, queue }).handle(announcement)).rejects.toThrow(Crash);
    const stuck = await rig.campaigns.get('quick');

    // Act: SQS delivers the announcement again
    const retried = await rig.notifier({ queue }).handle(announcement);

    // Assess
    expect(stuck).toMatchObject({ state: 'sending', batchesDone: 1, batches: 1 });
    expect(retried).toMatchObject({ state: 'done', sent: 3, endedAt: expect.any(String) });
    expect(await rig.mailbox()).toHaveLength(3);
  });

  it('sends a list larger than the day\'s SES quota over several days, waiting for the window and never failing a batch', async () => {
    // Prepare: 120 readers (batches of 50, 50, 20) and an account allowed 60 mails a day, as GetAccount reports it
    const rig = await new NewsletterRig(harness, SES_PORT).setUp();
    const readers = await rig.seed(120);
    const announcement = await rig.publish('big-list', article('Big List', '2026-06-01T09:00:00Z'));
    await rig.notifier().handle(announcement);
    const account = (sentLast24Hours: number) => JSON.stringify({
      DedicatedIpAutoWarmupEnabled: false, EnforcementStatus: 'HEALTHY', ProductionAccessEnabled: true, SendingEnabled: true,
      Details: { AdditionalContactEmailAddresses: [], ContactLanguage: 'EN', MailType: 'MARKETING', ReviewDetails: { CaseId: '1', Status: 'GRANTED' }, UseCaseDescription: '', WebsiteURL: '' },
      SendQuota: { Max24HourSend: 60, MaxSendRate: 1000, SentLast24Hours: sentLast24Hours },
      SuppressionAttributes: { SuppressedReasons: [] },
    });
    const requeued: { batch: number; delaySeconds?: number }[] = [];
    const failures: string[] = [];
    // One round is one day: a fresh handler (a new Lambda instance) reads the quota the emulator reports then.
    const day = async (sentLast24Hours: number) => {
      process.env.AWS_SES_ACCOUNT = account(sentLast24Hours);
      const pending = rig.queue.messages.splice(0);
      const handler = createSendHandler({
        SITE_URL: harness.site.url, CAMPAIGNS_TABLE: rig.names.campaigns, SUBSCRIBERS_TABLE: rig.names.subscribers, TOKEN_SECRET, SEND_CONCURRENCY: '2',
        NEWSLETTER_CONTEXT: JSON.stringify({ senderAddress: 'news@example.com' }), HERALD_DYNAMODB_ENDPOINT: localUrl(BASE_PORT + 1), HERALD_SES_ENDPOINT: localUrl(SES_PORT),
      }, { queue: { enqueue: async (batches, options) => {
        requeued.push(...batches.map((b) => ({ batch: b.batch, ...(options?.delaySeconds && { delaySeconds: options.delaySeconds }) })));
        await rig.queue.enqueue(batches);
      } } });
      const answer = await handler({ Records: pending.map((m, i) => ({ messageId: `m${i}`, body: m.body })) } as unknown as SQSEvent);
      failures.push(...answer.batchItemFailures.map((f) => f.itemIdentifier));
    };

    // Act: day 1 has room for the first batch; on day 2 the window has moved on, and again on day 3
    let afterDayOne = 0;
    try {
      await day(0);
      afterDayOne = (await rig.mailbox()).length;
      await day(0);
      await day(10);
    } finally {
      delete process.env.AWS_SES_ACCOUNT;
    }
    const mailed = await rig.mailbox();

    // Assess: nothing failed (no receives used up, so nothing can dead-letter); waiting batches went back with SQS's longest delay
    expect(failures).toEqual([]);
    expect(afterDayOne).toBe(50);
    expect(requeued.every((r) => r.delaySeconds === 900)).toBe(true);
    expect(requeued.map((r) => r.batch).sort()).toEqual([1, 2, 2]);
    expect([...deliveriesPerRecipient(mailed).values()]).toEqual(Array<number>(readers.length).fill(1));
    expect(rig.queue.messages).toEqual([]);
    expect(await rig.campaigns.get('big-list')).toMatchObject({ state: 'done', sent: 120 });
  });

  it('delivers 20 articles at once to every subscriber exactly once through repeated events and 30% throttling', async () => {
    // Prepare
    const rig = await new NewsletterRig(harness, SES_PORT).setUp();
    const readers = await rig.seed(75);
    const random = seeded(42);
    const stats = throttleSes(rig, 0.3, random);
    const announcements = await Promise.all(Array.from({ length: 20 }, (_, i) => rig.publish(`burst-${i}`, article(`Burst ${i}`, '2026-06-01T09:00:00Z'))));

    // Act
    for (const announcement of [...announcements, ...announcements, ...announcements]) await rig.notifier().handle(announcement);
    rig.queue.duplicate(3);
    await rig.deliver();

    // Assess
    const counts = deliveriesPerRecipient(await rig.mailbox());
    expect(stats.throttled).toBeGreaterThan(10);
    expect(counts.size).toBe(20 * readers.length);
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    for (const { slug } of announcements) {
      expect(await rig.campaigns.get(slug)).toMatchObject({ state: 'done', recipients: 75, sent: 75, unknown: 0, failed: 0 });
    }
  });
});
