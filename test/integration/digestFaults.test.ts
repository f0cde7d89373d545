import { TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { SesBulkMailer } from '../../lambdas/adapters/sesBulkMailer';
import { FanOutBusyError } from '../../lambdas/newsletter/errors';
import { article, startHarness, type Harness } from '../helpers/emulatorHarness';
import { deliveriesPerRecipient, NewsletterRig } from '../helpers/newsletterHarness';
import { testPort } from '../helpers/testPort';

jest.setTimeout(180_000);

const BASE_PORT = testPort(15_150);
const SES_PORT = BASE_PORT + 2;
const WEEK_MS = 7 * 86_400_000;

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

/** Wraps an object so that its `crashAt`-th completed call (counted across every wrapped object) throws a Crash after the call took effect. */
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

/**
 * The digest under the newsletter's faults (test/integration/newsletterFaults.test.ts):
 * a crash after each step of the digest's fan-out and sending in turn, repeats,
 * and 30% throttling; then one check per (week, reader): exactly one digest.
 */
describe('the weekly digest under faults', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(BASE_PORT);
  });
  afterAll(async () => harness.stop());

  // Requests are retried as SQS would: after a failure the fan-out's lease has run out.
  async function untilDone(rig: NewsletterRig, work: () => Promise<unknown>): Promise<void> {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      try {
        await work();
        return;
      } catch (error) {
        if (!(error instanceof Crash) && !(error instanceof FanOutBusyError)) throw error;
        rig.clock.advance(61_000);
      }
    }
    throw new Error('the digest never finished');
  }

  it('never mails a reader two digests of a week, and loses no one silently, when it crashes after any one step', async () => {
    // Prepare: five weekly readers; each run is its own week with its own article
    const rig = await new NewsletterRig(harness, SES_PORT).setUp();
    const readers = await rig.seed(5, 'confirmed', 'weekly', { cadence: 'weekly' });
    const outcomes: { step: string; unknown: number }[] = [];

    // Act: crash after step 1, then after step 2, … until a run has fewer steps than the crash point
    for (let crashAt = 1; ; crashAt += 1) {
      const counter: { calls: number; crashAt: number; crashed?: string } = { calls: 0, crashAt };
      await rig.notifier().handle(await rig.publish(`week-${crashAt}`, article(`Week ${crashAt}`, rig.clock.now().toISOString())));
      // The digest of the week the article came out in: the slot at or after its publication.
      const { at, id } = rig.digestFor(rig.clock.now().toISOString());
      const campaigns = crashing(rig.campaigns, counter, 'campaigns');
      const subscribers = crashing(rig.subscribers, counter, 'subscribers');
      const queue = crashing(rig.queue, counter, 'queue');
      const mailer = crashing(new SesBulkMailer(rig.ses, { from: rig.newsletter.from }), counter, 'ses');
      await untilDone(rig, () => rig.notifier({ campaigns, subscribers, queue, pageSize: 2 }).digest(at));
      await rig.deliver({ campaigns, subscribers, mailer });

      // Assess (per run)
      const mails = (await rig.mailbox()).filter((m) => m.body.text.includes(`\nWeek ${crashAt}\n`));
      const perReader = deliveriesPerRecipient(mails);
      const unknown: string[] = [];
      for await (const d of rig.campaigns.listDeliveries(id)) if (d.state === 'unknown') unknown.push(d.email);
      expect({ step: counter.crashed, max: Math.max(0, ...perReader.values()) }).toEqual({ step: counter.crashed, max: 1 });
      const unmailed = readers.filter((r) => !mails.some((m) => m.destination.to.includes(r)));
      expect({ step: counter.crashed, silentlyMissed: unmailed.filter((r) => !unknown.includes(r)) }).toEqual({ step: counter.crashed, silentlyMissed: [] });
      expect({ step: counter.crashed, ...(await rig.campaigns.get(id)) }).toMatchObject({ step: counter.crashed, state: 'done', recipients: 5, sent: 5 - unknown.length, unknown: unknown.length });
      rig.clock.advance(WEEK_MS);
      if (!counter.crashed) break;
      outcomes.push({ step: counter.crashed, unknown: unknown.length });
    }

    // Assess (overall): the digest's own steps (closing the week, creating the campaign) are among those crashed after,
    // and only a crash between SES's answer and the ledger write leaves an outcome unknown.
    expect(outcomes.map((o) => o.step)).toEqual(expect.arrayContaining(['campaigns.get', 'campaigns.closeDigest', 'campaigns.create', 'subscribers.confirmedPage', 'queue.enqueue', 'ses.send']));
    expect(outcomes.filter((o) => o.unknown > 0).every((o) => o.step === 'ses.send' || o.step === 'campaigns.markHandedOver')).toBe(true);
  });

  it('mails every weekly reader exactly one digest a week through repeated requests, repeated batches and 30% throttling', async () => {
    // Prepare: 75 weekly readers (some with topics), six weeks of articles
    const rig = await new NewsletterRig(harness, SES_PORT).setUp();
    const everything = await rig.seed(50, 'confirmed', 'all', { cadence: 'weekly' });
    const rust = await rig.seed(25, 'confirmed', 'rust', { cadence: 'weekly', tags: ['rust'] });
    const random = seeded(7);
    let throttled = 0;
    rig.ses.middlewareStack.add((next, context) => async (args) => {
      if (context.commandName === 'SendBulkEmailCommand' && random() < 0.3) {
        throttled += 1;
        throw new TooManyRequestsException({ message: 'Too many requests', $metadata: { httpStatusCode: 429 } });
      }
      return next(args);
    }, { step: 'initialize', name: 'injectThrottling' });
    const weeks: Date[] = [];
    for (let w = 0; w < 6; w += 1) {
      for (const tag of ['rust', 'go']) await rig.notifier().handle(await rig.publish(`w${w}-${tag}`, article(`W${w} ${tag}`, rig.clock.now().toISOString(), `tags: [${tag}]\n`)));
      weeks.push(rig.clock.now());
      rig.clock.advance(WEEK_MS);
    }

    // Act: every week's request three times, in any order, and every batch three times
    for (const at of [...weeks, ...weeks.reverse(), ...weeks]) await rig.notifier().digest(at);
    rig.queue.duplicate(3);
    await rig.deliver();

    // Assess
    const mails = await rig.mailbox();
    const counts = deliveriesPerRecipient(mails.map((m) => ({ ...m, subject: /^W(\d)/m.exec(m.body.text)![1]! })));
    expect(throttled).toBeGreaterThan(3);
    expect(counts.size).toBe(6 * 75);
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    const rustDigest = mails.find((m) => m.destination.to[0] === rust[0])!;
    expect(rustDigest.body.text).not.toMatch(/ go$/m);
    expect(mails.find((m) => m.destination.to[0] === everything[0])!.body.text).toMatch(/ go$/m);
  });
});
