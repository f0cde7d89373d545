import { TooManyRequestsException, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { MiddlewareStack } from '@smithy/types';
import type { SQSEvent } from 'aws-lambda';
import { localUrl } from '../../cli/local/localPorts';
import { DynamoBatchReader } from '../../lambdas/adapters/dynamoBatchReader';
import { dynamoClient } from '../../lambdas/adapters/dynamoClient';
import { DynamoCampaignStore } from '../../lambdas/adapters/dynamoCampaignStore';
import { DynamoSubscriberStore } from '../../lambdas/adapters/dynamoSubscriberStore';
import { S3EntryStore } from '../../lambdas/adapters/s3EntryStore';
import { SesBulkMailer } from '../../lambdas/adapters/sesBulkMailer';
import { sesClient } from '../../lambdas/adapters/sesClient';
import { createSendHandler } from '../../lambdas/functions/send/createSendHandler';
import type { DeliveryBatch } from '../../lambdas/newsletter/campaign';
import { BatchTakenOverError, FanOutBusyError } from '../../lambdas/newsletter/errors';
import type { Announcement, NotifierDeps } from '../../lambdas/newsletter/notifier';
import type { BulkMailer } from '../../lambdas/newsletter/ports';
import type { SenderDeps } from '../../lambdas/newsletter/sender';
import { SendPacer } from '../../lambdas/newsletter/sendPacer';
import { subscriberId } from '../../lambdas/subscriptions/subscriberId';
import { article, startHarness, type Harness } from '../helpers/emulatorHarness';
import { Crash, Faults, inHandOverWindow } from '../helpers/faults';
import { deliveriesPerRecipient, NewsletterRig, TOKEN_SECRET } from '../helpers/newsletterHarness';
import { testPort } from '../helpers/testPort';

jest.setTimeout(120_000);

const BASE_PORT = testPort(14_880);
const SES_PORT = BASE_PORT + 2;

// A seeded generator, so a failing run can be repeated (up to the order in which parallel invocations interleave).
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

type Stack = MiddlewareStack<object, object>;

/** Makes SES answer "throttled" to a share of SendBulkEmail calls, before the request leaves, as SES does when over the rate. */
function throttleSes(ses: SESv2Client, share: number, random: () => number): { throttled: number } {
  // Which calls are throttled is fixed by their count, not drawn: the calls of parallel senders interleave differently
  // from run to run, and a drawn share of a few dozen calls fell short of the test's "throttling happened" check.
  const stats = { throttled: 0, calls: 0 };
  (ses.middlewareStack as unknown as Stack).add((next, context) => async (args) => {
    if (context.commandName === 'SendBulkEmailCommand' && (stats.calls++ % 10) < share * 10) {
      stats.throttled += 1;
      throw random() < 0.5
        ? new TooManyRequestsException({ message: 'Too many requests', $metadata: { httpStatusCode: 429 } })
        : Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    }
    return next(args);
  }, { step: 'initialize', name: 'injectSesThrottling' });
  return stats;
}

/**
 * Makes DynamoDB misbehave as it does under load, below the SDK's own retries
 * (which then retry as they do in Lambda): a share of calls is throttled
 * (ProvisionedThroughputExceededException), a share of BatchGetItem calls
 * leaves some keys unprocessed, and a share of writes lands but loses its
 * answer on the way back (the connection resets).
 */
function troubleDynamo(db: DynamoDBDocumentClient, shares: { throttled: number; unprocessed: number; lostAnswers: number }, random: () => number): { throttled: number; unprocessed: number; lostAnswers: number } {
  const stats = { throttled: 0, unprocessed: 0, lostAnswers: 0 };
  const stack = db.middlewareStack as unknown as Stack;
  stack.add((next, context) => async (args) => {
    if (random() < shares.throttled) {
      stats.throttled += 1;
      throw Object.assign(new Error('The level of configured provisioned throughput for the table was exceeded.'), { name: 'ProvisionedThroughputExceededException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
    }
    const result = await next(args);
    if (/^(Put|Update)/.test(context.commandName ?? '') && random() < shares.lostAnswers) {
      stats.lostAnswers += 1;
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    }
    return result;
  }, { step: 'deserialize', name: 'injectDynamoTrouble' });
  // Before the request is serialized (keys are marshalled by then), hold some keys back and report them unprocessed.
  stack.add((next, context) => async (args) => {
    const input = (args as { input: { RequestItems?: Record<string, { Keys: unknown[] }> } }).input;
    if (context.commandName !== 'BatchGetItemCommand' || !input.RequestItems || random() >= shares.unprocessed) return next(args);
    stats.unprocessed += 1;
    const held: Record<string, { Keys: unknown[] }> = {};
    const sent = Object.fromEntries(Object.entries(input.RequestItems).map(([table, request]) => {
      const cut = Math.floor(request.Keys.length / 2);
      if (cut > 0) held[table] = { ...request, Keys: request.Keys.slice(0, cut) };
      return [table, { ...request, Keys: request.Keys.slice(cut) }];
    }));
    const result = await next({ ...args, input: { ...input, RequestItems: sent } } as typeof args);
    (result.output as { UnprocessedKeys?: unknown }).UnprocessedKeys = held;
    return result;
  }, { step: 'serialize', priority: 'high', name: 'injectUnprocessedKeys' });
  return stats;
}

// A crash surfaces as itself or as the cause of an adapter's error.
function isCrash(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) if (e instanceof Crash) return true;
  return false;
}

/** The notify and send components on clients of their own, whose every call is a step of `faults`. */
function componentsUnder(rig: NewsletterRig, faults: Faults, options: { random?: () => number } = {}) {
  // The SDK's own retries, as in Lambda, with short pauses.
  const db = dynamoClient(localUrl(BASE_PORT + 1), { retryStrategy: new ConfiguredRetryStrategy(3, () => 1) });
  const ses = sesClient(localUrl(SES_PORT), { maxAttempts: 1 });
  faults.watch(db, 'DynamoDB');
  faults.watch(ses, 'SES');
  const trouble = options.random && {
    ses: throttleSes(ses, 0.3, options.random),
    dynamo: troubleDynamo(db, { throttled: 0.3, unprocessed: 0.3, lostAnswers: 0.1 }, options.random),
  };
  const campaigns = new DynamoCampaignStore(db, rig.names.campaigns);
  const notify: Partial<NotifierDeps> = {
    campaigns,
    subscribers: new DynamoSubscriberStore(db, rig.names.subscribers),
    articles: faults.wrap(new S3EntryStore(rig.harness.s3, rig.names.entries), 'S3'),
    queue: faults.wrap(rig.queue, 'SQS'),
  };
  const send: Partial<SenderDeps> = {
    campaigns,
    batches: new DynamoBatchReader(db, { campaigns: rig.names.campaigns, subscribers: rig.names.subscribers }),
    mailer: new SesBulkMailer(ses, { from: rig.newsletter.from }),
  };
  return { notify, send, trouble };
}

/** One (article, reader) pair at the end: how many mails, and what the ledger says. */
interface EndState {
  readonly article: string;
  readonly reader: string;
  readonly mails: number;
  readonly state?: string;
  /** A crash came while this reader's hand-over to SES was open (only then may the ledger say `unknown`). */
  readonly inDoubt: boolean;
}

// Mailed at most once, and whoever was not mailed is `unknown` in the ledger, and only because a crash came in the SES window.
const wrong = (s: EndState) => s.mails > 1 || (s.mails === 0 && !(s.state === 'unknown' && s.inDoubt)) || (s.state === 'unknown' && !s.inDoubt);

describe('newsletter delivery under faults', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(BASE_PORT);
  });
  afterAll(async () => harness.stop());

  // Announcements are retried as SQS would: after a failure the fan-out's lease has run out.
  async function notifyUntilDone(rig: NewsletterRig, faults: Faults, notify: () => Promise<unknown>, attempts = 10): Promise<void> {
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      try {
        await faults.invoke(notify);
        return;
      } catch (error) {
        if (!isCrash(error) && !(error instanceof FanOutBusyError) && !(error instanceof Error && error.name === 'StoreError')) throw error;
        rig.clock.advance(61_000);
      }
    }
    throw new Error('an announcement never finished');
  }

  async function endStates(rig: NewsletterRig, faults: Faults, slug: string, subject: string, readers: readonly string[]): Promise<EndState[]> {
    const mails = deliveriesPerRecipient((await rig.mailbox()).filter((m) => m.subject === subject));
    const ledger = new Map<string, string>();
    for await (const d of rig.campaigns.listDeliveries(slug)) ledger.set(d.email, d.state);
    return readers.map((reader) => ({
      article: slug,
      reader,
      mails: mails.get(`${subject} → ${reader}`) ?? 0,
      ...(ledger.has(reader) && { state: ledger.get(reader) }),
      inDoubt: faults.inDoubt.has(`${slug}/${subscriberId(reader)}`),
    }));
  }

  it('never mails twice and leaves no one silently unmailed when any one step crashes, with every event three times and the copies of a batch in parallel', async () => {
    // Prepare
    const rig = await new NewsletterRig(harness, SES_PORT).setUp();
    const readers = await rig.seed(5);
    const runs: { crashed?: string; unknown: number }[] = [];
    const states: EndState[] = [];
    const campaigns: unknown[] = [];

    // Act: crash after step 1, then after step 2, … until a run has fewer steps than the crash point.
    for (let crashAt = 1; ; crashAt += 1) {
      const faults = new Faults((_step, count) => count === crashAt);
      const { notify, send } = componentsUnder(rig, faults);
      const announcement: Announcement = await rig.publish(`crash-${crashAt}`, article(`Crash ${crashAt}`, '2026-06-01T09:00:00Z'));
      for (let i = 0; i < 3; i += 1) await notifyUntilDone(rig, faults, () => rig.notifier({ ...notify, pageSize: 2 }).handle(announcement));
      rig.queue.duplicate(3);
      await rig.deliver(send, { concurrency: 3, around: faults.invoke });

      const ended = await endStates(rig, faults, announcement.slug, `Crash ${crashAt}`, readers);
      states.push(...ended);
      const unknown = ended.filter((s) => s.state === 'unknown').length;
      campaigns.push({ crashed: faults.crashes[0], ...(await rig.campaigns.get(announcement.slug)) });
      runs.push({ ...(faults.crashes[0] && { crashed: faults.crashes[0] }), unknown });
      if (faults.crashes.length === 0) break;
    }

    // Assess: the one assertion on every (article, reader) pair
    expect(states.filter(wrong)).toEqual([]);
    // Each campaign is done and counts what its ledger says, each batch once.
    expect(campaigns.filter((c) => !(c as { state: string }).state.startsWith('done'))).toEqual([]);
    expect(campaigns).toEqual(runs.map((r) => expect.objectContaining({ recipients: 5, sent: 5 - r.unknown, unknown: r.unknown, batchesDone: 3 })));
    // Only a crash in the hand-over window (after the write that records it, or after SES's call) leaves anyone unknown …
    expect(runs.filter((r) => r.unknown > 0 && !inHandOverWindow(r.crashed ?? ''))).toEqual([]);
    // … and each kind of step was crashed after, those of the send path included.
    const crashed = new Set(runs.map((r) => r.crashed));
    expect(runs.length).toBeGreaterThan(50);
    const notifySteps = ['DynamoDB GetItem campaign', 'S3.get', 'DynamoDB PutItem newsletter', 'DynamoDB PutItem campaign', 'DynamoDB UpdateItem campaign (fanOutLeaseUntil)', 'DynamoDB GetItem page', 'DynamoDB Query', 'DynamoDB PutItem page', 'SQS.enqueue', 'DynamoDB UpdateItem campaign (pages)'];
    const sendSteps = ['DynamoDB GetItem newsletter', 'DynamoDB BatchGetItem', 'DynamoDB UpdateItem batch (lease and hand-over)', 'SES SendBulkEmail', 'DynamoDB UpdateItem batch (outcomes)', 'DynamoDB UpdateItem campaign (settled)', 'DynamoDB UpdateItem campaign (#state)'];
    expect([...notifySteps, ...sendSteps].filter((step) => !crashed.has(step))).toEqual([]);
    expect(runs.filter((r) => r.crashed === 'SES SendBulkEmail').every((r) => r.unknown > 0)).toBe(true);
  }, 600_000);

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

  it('queues a page again exactly as it first did when subscribers come and go before the retry, so nobody is ever in two batches', async () => {
    // Prepare: the fan-out queues its first page (two readers) and dies before moving past it
    const rig = await new NewsletterRig(harness, SES_PORT).setUp();
    const readers = await rig.seed(5);
    const announcement = await rig.publish('moving', article('Moving', '2026-06-01T09:00:00Z'));
    let queued = 0;
    const faults = new Faults((step) => step === 'SQS.enqueue' && (queued += 1) === 1);
    await expect(faults.invoke(() => rig.notifier({ queue: faults.wrap(rig.queue, 'SQS'), pageSize: 2 }).handle(announcement))).rejects.toThrow(Crash);
    const first = JSON.parse(rig.queue.messages[0]!.body) as DeliveryBatch;
    // Then someone confirms whose key sorts inside that page (a page cut afresh would take them and push a reader of it on to
    // the next page, and so into a second batch), and a reader of a later page leaves.
    const [a, b] = first.recipients.map((r) => `sub#${r.id}`);
    const newcomer = Array.from({ length: 500 }, (_, i) => `newcomer${i}@${rig.domain}`).find((email) => `sub#${subscriberId(email)}` > a! && `sub#${subscriberId(email)}` < b!)!;
    await rig.subscribers.importConfirmed({ id: subscriberId(newcomer), email: newcomer, status: 'confirmed', source: 'import', createdAt: '2026-06-01T12:00:00Z', updatedAt: '2026-06-01T12:00:00Z' });
    const leaver = readers.find((r) => !first.recipients.some((q) => q.email === r))!;
    await rig.subscribers.transition(subscriberId(leaver), ['confirmed'], 'unsubscribed', '2026-06-01T12:00:00Z');
    rig.clock.advance(61_000);

    // Act: SQS delivers the announcement again
    await rig.notifier({ pageSize: 2 }).handle(announcement);
    await rig.deliver();

    // Assess: the first page went out twice as the same batch; every reader but the leaver was mailed once
    const mails = deliveriesPerRecipient(await rig.mailbox());
    expect(readers.map((r) => mails.get(`Moving → ${r}`) ?? 0)).toEqual(readers.map((r) => (r === leaver ? 0 : 1)));
    expect([...mails.values()].every((n) => n === 1)).toBe(true);
    expect(await rig.campaigns.get('moving')).toMatchObject({ state: 'done', recipients: 4, sent: 4 });
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

  it('fences out a sender that outlived its lease: the invocation that took the batch over decides, and the late one records nothing over it', async () => {
    // Prepare: sender A hands a batch to SES and stalls past its lease before recording the answer; meanwhile B takes the batch over
    const rig = await new NewsletterRig(harness, SES_PORT).setUp();
    const readers = await rig.seed(3);
    await rig.notifier().handle(await rig.publish('stalled', article('Stalled', '2026-06-01T09:00:00Z')));
    const batch = JSON.parse(rig.queue.messages.splice(0)[0]!.body) as DeliveryBatch;
    const ses = new SesBulkMailer(rig.ses, { from: rig.newsletter.from });
    let takeover: unknown;
    const stalling: BulkMailer = {
      send: async (...args) => {
        const results = await ses.send(...args);
        rig.clock.advance(301_000);
        takeover = await rig.sender().handle(batch);
        return results;
      },
    };

    // Act
    const late = rig.sender({ mailer: stalling }).handle(batch);

    // Assess: B could not know whether A's call went out, so everyone is unknown, and A's answer does not overwrite that
    await expect(late).rejects.toThrow(BatchTakenOverError);
    expect(takeover).toEqual({ settled: true });
    expect([...deliveriesPerRecipient(await rig.mailbox()).values()]).toEqual([1, 1, 1]);
    const ledger: string[] = [];
    for await (const d of rig.campaigns.listDeliveries('stalled')) ledger.push(d.state);
    expect(ledger).toEqual(['unknown', 'unknown', 'unknown']);
    expect(await rig.campaigns.get('stalled')).toMatchObject({ state: 'done', sent: 0, unknown: readers.length });
  });

  it('fences out a sender that outlived its lease between two SES calls: it hands nothing more to SES, and the one that took over mails whoever SES turned away', async () => {
    // Prepare: SES throttles A's first call; A waits to try again and, while it waits, its lease runs out and B takes the batch over
    const rig = await new NewsletterRig(harness, SES_PORT).setUp();
    await rig.seed(3);
    await rig.notifier().handle(await rig.publish('overtaken', article('Overtaken', '2026-06-01T09:00:00Z')));
    const batch = JSON.parse(rig.queue.messages.splice(0)[0]!.body) as DeliveryBatch;
    let calls = 0;
    const throttledOnce: BulkMailer = { send: async (_c, _n, recipients) => { calls += 1; return recipients.map(() => ({ outcome: 'retry', reason: 'ThrottlingException: Maximum sending rate exceeded.', throttled: true })); } };
    let takeover: unknown;
    const pacer = new SendPacer(1_000_000, {
      now: () => 0,
      sleep: async () => {
        if (takeover) return;
        rig.clock.advance(301_000);
        takeover = await rig.sender().handle(batch);
      },
    });

    // Act
    const late = rig.sender({ mailer: throttledOnce, pacer }).handle(batch);

    // Assess
    await expect(late).rejects.toThrow(BatchTakenOverError);
    expect({ calls, takeover }).toEqual({ calls: 1, takeover: { settled: true } });
    expect([...deliveriesPerRecipient(await rig.mailbox()).values()]).toEqual([1, 1, 1]);
    expect(await rig.campaigns.get('overtaken')).toMatchObject({ state: 'done', sent: 3, unknown: 0 });
  });

  it('delivers 20 articles to 75 readers exactly once through repeated events, parallel copies, crashes in every step and 30% throttling of SES and of DynamoDB', async () => {
    // Prepare: SES throttles 30% of calls; DynamoDB throttles 30% of calls (the SDK retries them), leaves keys
    // unprocessed in 30% of batch reads and loses the answer to 10% of writes. Every 7th hand-over write and
    // every 7th SES call crash their invocation, and 3% of all other steps.
    const rig = await new NewsletterRig(harness, SES_PORT).setUp();
    const readers = await rig.seed(75);
    const random = seeded(42);
    const seen = new Map<string, number>();
    const faults = new Faults((step) => {
      seen.set(step, (seen.get(step) ?? 0) + 1);
      return inHandOverWindow(step) ? seen.get(step)! % 7 === 3 : random() < 0.03;
    });
    const { notify, send, trouble } = componentsUnder(rig, faults, { random });
    const announcements = await Promise.all(Array.from({ length: 20 }, (_, i) => rig.publish(`burst-${i}`, article(`Burst ${i}`, '2026-06-01T09:00:00Z'))));

    // Act: every announcement three times, every batch three times, the copies in parallel
    for (const announcement of [...announcements, ...announcements, ...announcements]) await notifyUntilDone(rig, faults, () => rig.notifier(notify).handle(announcement), 30);
    rig.queue.duplicate(3);
    await rig.deliver(send, { concurrency: 3, around: faults.invoke, rounds: 60 });

    // Assess
    const states = (await Promise.all(announcements.map((a, i) => endStates(rig, faults, a.slug, `Burst ${i}`, readers)))).flat();
    expect(states.filter(wrong)).toEqual([]);
    expect({ ses: trouble!.ses.throttled > 10, throttled: trouble!.dynamo.throttled > 100, unprocessed: trouble!.dynamo.unprocessed > 10, lostAnswers: trouble!.dynamo.lostAnswers > 10, crashes: faults.crashes.length > 20, inWindow: faults.crashes.filter(inHandOverWindow).length >= 5 })
      .toEqual({ ses: true, throttled: true, unprocessed: true, lostAnswers: true, crashes: true, inWindow: true });
    for (const { slug } of announcements) {
      const unknown = states.filter((s) => s.article === slug && s.state === 'unknown').length;
      expect(await rig.campaigns.get(slug)).toMatchObject({ state: 'done', recipients: 75, sent: 75 - unknown, unknown, failed: 0 });
    }
  }, 600_000);

  // The weekly digest is a campaign like any other (`digest/<week>`), so the same faults must leave the same end state.
  it('sends the weekly digest exactly once per reader when any one step crashes, closing the week included, with every request three times and the copies of a batch in parallel', async () => {
    // Prepare
    const runs: { crashed?: string; unknown: number }[] = [];
    const states: EndState[] = [];

    // Act: crash after step 1, then after step 2, … until a run has fewer steps than the crash point (a rig per run: one week each).
    for (let crashAt = 1; ; crashAt += 1) {
      const rig = await new NewsletterRig(harness, SES_PORT).setUp();
      const readers = await rig.seed(5, 'confirmed', 'weekly', { cadence: 'weekly' });
      await rig.notifier().handle(await rig.publish('week', article('Week', '2026-06-01T09:00:00Z')));
      const faults = new Faults((_step, count) => count === crashAt);
      const { notify, send } = componentsUnder(rig, faults);
      const { at, id } = rig.digestFor(rig.clock.now().toISOString());
      for (let i = 0; i < 3; i += 1) await notifyUntilDone(rig, faults, () => rig.notifier({ ...notify, pageSize: 2 }).digest(at));
      rig.queue.duplicate(3);
      await rig.deliver(send, { concurrency: 3, around: faults.invoke });

      const ended = await endStates(rig, faults, id, 'This week at Test Site', readers);
      states.push(...ended);
      const unknown = ended.filter((s) => s.state === 'unknown').length;
      expect({ crashed: faults.crashes[0], ...(await rig.campaigns.get(id)) }).toMatchObject({ state: 'done', recipients: 5, sent: 5 - unknown, unknown });
      runs.push({ ...(faults.crashes[0] && { crashed: faults.crashes[0] }), unknown });
      if (faults.crashes.length === 0) break;
    }

    // Assess
    expect(states.filter(wrong)).toEqual([]);
    expect(runs.filter((r) => r.unknown > 0 && !inHandOverWindow(r.crashed ?? ''))).toEqual([]);
    const crashed = new Set(runs.map((r) => r.crashed));
    const digestSteps = ['DynamoDB GetItem campaign', 'DynamoDB UpdateItem week (closed)', 'DynamoDB PutItem newsletter', 'DynamoDB PutItem campaign', 'DynamoDB Query', 'SQS.enqueue', 'DynamoDB UpdateItem batch (lease and hand-over)', 'SES SendBulkEmail', 'DynamoDB UpdateItem batch (outcomes)'];
    expect(digestSteps.filter((step) => !crashed.has(step))).toEqual([]);
  }, 600_000);

  it('sends a week\'s digest to 300 weekly readers exactly once through repeated requests, parallel copies, crashes in every step and 30% throttling of SES and of DynamoDB', async () => {
    // Prepare: readers of every article and readers of one topic; the faults of the 20-article test above, crashes more often
    // (every third hand-over and SES call, 10% of other steps), as a digest has fewer steps
    const rig = await new NewsletterRig(harness, SES_PORT).setUp();
    // Six batches, each copied three times: enough SES calls that 30% of them throttling is sure to hit some.
    const readers = [...await rig.seed(250, 'confirmed', 'weekly', { cadence: 'weekly' }), ...await rig.seed(50, 'confirmed', 'rust', { cadence: 'weekly', tags: ['rust'] })];
    for (const tag of ['rust', 'go']) await rig.notifier().handle(await rig.publish(tag, article(`On ${tag}`, '2026-06-01T09:00:00Z', `tags: [${tag}]\n`)));
    const random = seeded(7);
    const seen = new Map<string, number>();
    const faults = new Faults((step) => {
      seen.set(step, (seen.get(step) ?? 0) + 1);
      return inHandOverWindow(step) ? seen.get(step)! % 3 === 1 : random() < 0.1;
    });
    const { notify, send, trouble } = componentsUnder(rig, faults, { random });
    const { at, id } = rig.digestFor(rig.clock.now().toISOString());

    // Act
    for (let i = 0; i < 3; i += 1) await notifyUntilDone(rig, faults, () => rig.notifier(notify).digest(at), 30);
    rig.queue.duplicate(3);
    await rig.deliver(send, { concurrency: 3, around: faults.invoke, rounds: 60 });

    // Assess
    const states = await endStates(rig, faults, id, 'This week at Test Site', readers);
    expect(states.filter(wrong)).toEqual([]);
    expect({ ses: trouble!.ses.throttled > 0, throttled: trouble!.dynamo.throttled > 10, crashes: faults.crashes.length > 3 }).toEqual({ ses: true, throttled: true, crashes: true });
    const unknown = states.filter((s) => s.state === 'unknown').length;
    expect(await rig.campaigns.get(id)).toMatchObject({ state: 'done', recipients: 300, sent: 300 - unknown, unknown, failed: 0 });
    const rustOnly = (await rig.mailbox()).filter((m) => m.destination.to[0]!.startsWith('rust'));
    expect(rustOnly.every((m) => m.body.text.includes('On rust') && !m.body.text.includes('On go'))).toBe(true);
  }, 600_000);
});
