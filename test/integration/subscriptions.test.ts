import { sesClient } from '../../lambdas/adapters/sesClient';
import { DynamoSubscriberStore } from '../../lambdas/adapters/dynamoSubscriberStore';
import { SesMailer } from '../../lambdas/adapters/sesMailer';
import { localUrl } from '../../cli/local/localPorts';
import { ensureSubscribersTable } from '../../cli/local/provisionLocal';
import { InvalidEmailError, InvalidPreferencesError, InvalidTokenError } from '../../lambdas/subscriptions/errors';
import { subscriberId } from '../../lambdas/subscriptions/subscriberId';
import type { Invitation, OutgoingMail } from '../../lambdas/subscriptions/ports';
import type { SNSEvent } from 'aws-lambda';
import { handleSesFeedback } from '../../lambdas/functions/suppress/handleSesFeedback';
import { ConfirmationBudgetError, RateLimitedError, Subscriptions, UsedTokenError, type SubscriptionsDeps } from '../../lambdas/subscriptions/subscriptions';
import { startHarness, type Harness } from '../helpers/emulatorHarness';
import { testPort } from '../helpers/testPort';
import { forgeToken } from '../helpers/forgeToken';

jest.setTimeout(30_000);

const SES_PORT = testPort(14_762);

interface StoredMail {
  destination: { to: string[] };
  subject: string;
  body: { html: string; text: string };
  headers: { name: string; value: string }[];
}

describe('Subscriptions against dynalite and the SES emulator', () => {
  let harness: Harness;
  let table = 0;
  beforeAll(async () => {
    harness = await startHarness(SES_PORT - 2);
  });
  afterAll(async () => harness.stop());

  // Each test gets its own table and its own recipients, so the shared mailbox never mixes them up.
  async function setup(clock: () => Date = () => new Date('2026-06-01T12:00:00Z'), limits: Pick<SubscriptionsDeps, 'confirmationMailsPerDay'> = {}) {
    const name = `subscribers-${++table}`;
    await ensureSubscribersTable(harness.db as never, name);
    const store = new DynamoSubscriberStore(harness.db, name);
    const latestArticle = { latest: async () => ({ title: 'The Newest Post', url: 'https://blog.example.com/posts/newest/' }) };
    const topics = { topics: async () => ['Rust', 'Go', 'aws lambda'] };
    // The invitation queue delivers at once, as the invite function would a moment later.
    const invitations = { enqueue: async (invitation: Invitation) => void (await subscriptions.invite(invitation)) };
    const subscriptions: Subscriptions = new Subscriptions({ site: harness.site, store, mailer: new SesMailer(sesClient(localUrl(SES_PORT)), 'news@example.com'), invitations, secret: 'integration-secret', clock, latestArticle, topics, ...limits });
    return { store, subscriptions, email: `reader${table}@example.com` };
  }

  async function mailsTo(address: string): Promise<StoredMail[]> {
    const store = (await (await fetch(`${localUrl(SES_PORT)}/store`)).json()) as { emails: StoredMail[] };
    return store.emails.filter((m) => m.destination.to.includes(address));
  }

  function linkIn(mail: StoredMail, path: string): string {
    const match = new RegExp(`https://blog\\.example\\.com/api/${path}\\?token=[\\w.-]+`).exec(mail.body.text);
    if (!match) throw new Error(`no ${path} link in ${mail.body.text}`);
    return new URL(match[0]).searchParams.get('token')!;
  }

  it('runs the double opt-in: pending, confirmation mail, confirmed, welcome mail with one-click unsubscribe', async () => {
    // Prepare
    const { store, subscriptions, email } = await setup();

    const typed = `  ${email.replace('reader', 'Reader').replace('example.com', 'Example.COM')}  `;
    const normalised = email.replace('reader', 'Reader');

    // Act
    await subscriptions.subscribe({ email: typed, clientIp: '192.0.2.1' });
    const [confirmation] = await mailsTo(normalised);
    await subscriptions.confirm(linkIn(confirmation!, 'confirm'));

    // Assess
    expect(confirmation!.subject).toBe('Confirm your subscription to Test Site');
    expect(confirmation!.body.html).toContain('Confirm subscription');
    const subscriber = await store.get(subscriberId(email));
    expect(subscriber).toMatchObject({ status: 'confirmed', email: normalised, source: 'form' });
    const welcome = (await mailsTo(normalised))[1]!;
    expect(welcome.subject).toBe('Welcome to Test Site');
    expect(welcome.body.text).toContain('The latest article: The Newest Post\nhttps://blog.example.com/posts/newest/');
    expect(welcome.body.html).toMatch(/<a class="hd-button" href="https:\/\/blog\.example\.com\/posts\/newest\/"[^>]*>Read the latest article<\/a>/);
    expect(welcome.body.html).toMatch(/<a class="hd-link" href="https:\/\/blog\.example\.com\/api\/preferences\?token=[\w.-]+"[^>]*>Choose what you get<\/a>, or <a class="hd-link" href="https:\/\/blog\.example\.com\/api\/unsubscribe\?token=[\w.-]+"[^>]*>unsubscribe<\/a> with one click\./);
    expect(welcome.body.html).not.toMatch(/>https:\/\/blog\.example\.com\/api\/unsubscribe/);
    expect(welcome.headers).toEqual(expect.arrayContaining([{ name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' }]));
    await subscriptions.unsubscribe(linkIn(welcome, 'unsubscribe'));
    expect((await store.get(subscriberId(email)))?.status).toBe('unsubscribed');
  });

  it('answers the same for new, pending, confirmed and unsubscribed addresses, mailing only who may be mailed', async () => {
    // Prepare
    const { store, subscriptions, email } = await setup();
    await subscriptions.subscribe({ email, clientIp: '192.0.2.2' });
    await subscriptions.confirm(linkIn((await mailsTo(email))[0]!, 'confirm'));
    const before = (await mailsTo(email)).length;

    // Act: subscribing a confirmed address again resolves like any other subscribe
    await expect(subscriptions.subscribe({ email, clientIp: '192.0.2.2' })).resolves.toBeUndefined();

    // Assess
    expect((await mailsTo(email)).length).toBe(before);
    expect((await store.get(subscriberId(email)))?.status).toBe('confirmed');
  });

  it('re-sends a confirmation to a pending address at most once an hour', async () => {
    // Prepare
    let now = new Date('2026-06-01T12:00:00Z');
    const { subscriptions, email } = await setup(() => now);

    // Act
    await subscriptions.subscribe({ email, clientIp: '192.0.2.3' });
    await subscriptions.subscribe({ email, clientIp: '192.0.2.3' });
    now = new Date('2026-06-01T12:59:00Z');
    await subscriptions.subscribe({ email, clientIp: '192.0.2.3' });
    const withinTheHour = (await mailsTo(email)).length;
    now = new Date('2026-06-01T13:01:00Z');
    await subscriptions.subscribe({ email, clientIp: '192.0.2.3' });

    // Assess
    expect(withinTheHour).toBe(1);
    expect((await mailsTo(email)).length).toBe(2);
  });

  it('limits requests per client address', async () => {
    // Prepare
    const { subscriptions, email } = await setup();
    for (let i = 0; i < 10; i++) await subscriptions.subscribe({ email: `${i}.${email}`, clientIp: '198.51.100.7' });

    // Act & Assess
    await expect(subscriptions.subscribe({ email, clientIp: '198.51.100.7' })).rejects.toThrow(RateLimitedError);
    await expect(subscriptions.subscribe({ email, clientIp: '198.51.100.8' })).resolves.toBeUndefined();
  });

  it('mails nobody when the honeypot field is filled', async () => {
    // Prepare
    const { subscriptions, email } = await setup();

    // Act
    await subscriptions.subscribe({ email, clientIp: '192.0.2.4', honeypot: 'https://spam.example' });

    // Assess
    expect(await mailsTo(email)).toEqual([]);
  });

  it('refuses reused, forged, expired and wrong-purpose links', async () => {
    // Prepare
    let now = new Date('2026-06-01T12:00:00Z');
    const { subscriptions, email } = await setup(() => now);
    await subscriptions.subscribe({ email, clientIp: '192.0.2.5' });
    const token = linkIn((await mailsTo(email))[0]!, 'confirm');
    await subscriptions.confirm(token);

    // Act & Assess: confirming again is harmless; after an unsubscribe the link is used up
    await expect(subscriptions.confirm(token)).resolves.toBe(false);
    await expect(subscriptions.confirmationState(token)).resolves.toBe('confirmed');
    await subscriptions.unsubscribe(linkIn((await mailsTo(email))[1]!, 'unsubscribe'));
    await expect(subscriptions.confirm(token)).rejects.toThrow(UsedTokenError);
    await expect(subscriptions.confirmationState(token)).rejects.toThrow(UsedTokenError);
    await expect(subscriptions.confirm(forgeToken(token))).rejects.toThrow(InvalidTokenError);
    await expect(subscriptions.unsubscribe(token)).rejects.toMatchObject({ problem: 'wrong-purpose' });
    now = new Date('2026-06-04T12:00:00Z');
    await expect(subscriptions.confirm(token)).rejects.toMatchObject({ problem: 'expired' });
  });

  it.each([
    ['bounced', 'Bounce', { bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'X' }] } }],
    ['complained', 'Complaint', { complaint: { complainedRecipients: [{ emailAddress: 'X' }] } }],
  ] as const)('marks a confirmed subscriber %s from an SES event, so they are never mailed again', async (status, eventType, detail) => {
    // Prepare
    const { store, subscriptions, email } = await setup();
    await subscriptions.subscribe({ email, clientIp: '192.0.2.9' });
    await subscriptions.confirm(linkIn((await mailsTo(email))[0]!, 'confirm'));
    const event = JSON.stringify({ eventType, ...JSON.parse(JSON.stringify(detail).replace('"X"', JSON.stringify(email))) });

    const sns = { Records: [{ EventSource: 'aws:sns', Sns: { Message: event, Type: 'Notification' } }] } as unknown as SNSEvent;

    // Act: the message exactly as SNS delivers it to the suppression function
    const applied = await handleSesFeedback(sns, store, new Date());
    await subscriptions.subscribe({ email, clientIp: '192.0.2.9' });

    // Assess
    expect(applied).toEqual([{ email, status }]);
    expect((await store.get(subscriberId(email)))?.status).toBe(status);
    expect(await mailsTo(email)).toHaveLength(2);
  });

  it('shows a confirmation link as pending until its button confirms it', async () => {
    // Prepare
    const { store, subscriptions, email } = await setup();
    await subscriptions.subscribe({ email, clientIp: '192.0.2.10' });
    const token = linkIn((await mailsTo(email))[0]!, 'confirm');

    // Act: opening the link (a GET) only reads
    const opened = await subscriptions.confirmationState(token);
    const statusAfterOpening = (await store.get(subscriberId(email)))?.status;
    const confirmed = await subscriptions.confirm(token);

    // Assess
    expect(opened).toBe('pending');
    expect(statusAfterOpening).toBe('pending');
    expect(confirmed).toBe(true);
    expect(await subscriptions.confirmationState(token)).toBe('confirmed');
  });

  it('stops mailing confirmations for the day when the budget is spent, and refuses further requests', async () => {
    // Prepare
    const { subscriptions: limited, email } = await setup(undefined, { confirmationMailsPerDay: 2 });
    const addresses = [1, 2, 3].map((n) => `${n}.${email}`);

    // Act: the third invitation finds the budget spent (requests raced ahead of the mails)
    const outcomes = [];
    for (const address of addresses) outcomes.push(await limited.invite({ email: address, requestedAt: new Date('2026-06-01T12:00:00Z').toISOString() }));
    const refused = limited.subscribe({ email: `4.${email}`, clientIp: '192.0.2.11' });

    // Assess
    expect(outcomes).toEqual(['sent', 'sent', 'over-budget']);
    await expect(refused).rejects.toThrow(ConfirmationBudgetError);
    expect(await mailsTo(addresses[2]!)).toEqual([]);
    expect(await mailsTo(`4.${email}`)).toEqual([]);
  });

  it('takes back the hourly mark when the mail could not be sent, so the retried invitation mails', async () => {
    // Prepare
    const { store, email } = await setup();
    let failures = 1;
    const flaky = { send: async (mail: OutgoingMail) => {
      if (failures-- > 0) throw new Error('SES is down');
      await new SesMailer(sesClient(localUrl(SES_PORT)), 'news@example.com').send(mail);
    } };
    const subscriptions = new Subscriptions({ site: harness.site, store, mailer: flaky, invitations: { enqueue: async () => undefined }, secret: 'integration-secret', clock: () => new Date('2026-06-01T12:00:00Z') });
    const invitation = { email, requestedAt: '2026-06-01T12:00:00.000Z' };

    // Act
    await expect(subscriptions.invite(invitation)).rejects.toThrow('SES is down');
    const retried = await subscriptions.invite(invitation);

    // Assess
    expect(retried).toBe('sent');
    expect(await mailsTo(email)).toHaveLength(1);
  });

  it('ignores an invitation older than a day (a dead-letter queue redriven late)', async () => {
    // Prepare
    const { subscriptions, email } = await setup();

    // Act
    const outcome = await subscriptions.invite({ email, requestedAt: '2026-05-30T12:00:00.000Z' });

    // Assess
    expect(outcome).toBe('stale');
    expect(await mailsTo(email)).toEqual([]);
  });

  it('treats a domain in Unicode and in punycode as one subscriber, and mails the punycode address', async () => {
    // Prepare
    const { store, subscriptions } = await setup();
    const local = `idn${table}`;

    // Act
    await subscriptions.subscribe({ email: `${local}@bücher.de`, clientIp: '192.0.2.12' });
    await subscriptions.subscribe({ email: `${local}@xn--bcher-kva.de`, clientIp: '192.0.2.12' });

    // Assess: one subscriber, one confirmation (the second request falls within the hour)
    expect((await store.get(subscriberId(`${local}@xn--bcher-kva.de`)))?.email).toBe(`${local}@xn--bcher-kva.de`);
    expect(await mailsTo(`${local}@xn--bcher-kva.de`)).toHaveLength(1);
  });

  it('rejects a bad address before touching the table', async () => {
    // Prepare
    const { subscriptions } = await setup();

    // Act & Assess
    await expect(subscriptions.subscribe({ email: 'a@b.c\r\nBcc: x@y.z', clientIp: '192.0.2.6' })).rejects.toThrow(InvalidEmailError);
  });

  it('records the topics of a subscribe request with the pending subscription and keeps them through the confirmation', async () => {
    // Prepare
    const { store, subscriptions, email } = await setup();

    // Act: a tag page's hidden field and a list, with a repeat in another spelling
    await subscriptions.subscribe({ email, clientIp: '192.0.2.20', tags: ['AWS Lambda', 'rust, aws-lambda'] });
    const pending = await store.get(subscriberId(email));
    await subscriptions.confirm(linkIn((await mailsTo(email))[0]!, 'confirm'));

    // Assess
    expect(pending).toMatchObject({ status: 'pending', tags: ['AWS Lambda', 'rust'] });
    expect(await store.get(subscriberId(email))).toMatchObject({ status: 'confirmed', tags: ['AWS Lambda', 'rust'] });
    expect((await mailsTo(email))[1]!.body.text).toContain('You will get new articles tagged AWS Lambda or rust from Test Site by email.');
  });

  it('records the weekly digest asked for and says so in the welcome mail; a reader can switch back to each article', async () => {
    // Prepare
    const { store, subscriptions, email } = await setup();

    // Act
    await subscriptions.subscribe({ email, clientIp: '192.0.2.24', cadence: 'weekly' });
    await subscriptions.confirm(linkIn((await mailsTo(email))[0]!, 'confirm'));
    const confirmed = await store.get(subscriberId(email));
    const switched = await subscriptions.updatePreferences(linkIn((await mailsTo(email))[1]!, 'preferences'), { cadence: 'each' });

    // Assess
    expect(confirmed).toMatchObject({ status: 'confirmed', cadence: 'weekly' });
    expect((await mailsTo(email))[1]!.body.text).toContain('You will get a weekly digest of every new article from Test Site by email.');
    expect(switched.preferences).toEqual({ tags: [], cadence: 'each' });
  });

  it('never lets a subscribe request change a confirmed reader\'s topics: only their preference page does', async () => {
    // Prepare
    const { store, subscriptions, email } = await setup();
    await subscriptions.subscribe({ email, clientIp: '192.0.2.21', tags: 'go' });
    await subscriptions.confirm(linkIn((await mailsTo(email))[0]!, 'confirm'));

    // Act
    await subscriptions.subscribe({ email, clientIp: '192.0.2.21', tags: 'rust' });

    // Assess
    expect((await store.get(subscriberId(email)))?.tags).toEqual(['go']);
  });

  it('shows and changes a reader\'s topics through the preference link of their mail, and not once they left', async () => {
    // Prepare
    const { store, subscriptions, email } = await setup();
    await subscriptions.subscribe({ email, clientIp: '192.0.2.22', tags: 'Go' });
    await subscriptions.confirm(linkIn((await mailsTo(email))[0]!, 'confirm'));
    const welcome = (await mailsTo(email))[1]!;
    const token = linkIn(welcome, 'preferences');

    // Act
    const before = await subscriptions.preferences(token);
    const after = await subscriptions.updatePreferences(token, { tags: ['Rust', 'Zig'] });
    const kept = await subscriptions.updatePreferences(token, { cadence: 'weekly' });
    const everything = await subscriptions.updatePreferences(token, { tags: '' });
    await subscriptions.unsubscribe(linkIn(welcome, 'unsubscribe'));
    const left = await subscriptions.updatePreferences(token, { tags: 'rust' });

    // Assess: the page offers the reader's own topics first, then the site's, once each by tag slug
    expect(before).toMatchObject({ email, subscribed: true, preferences: { tags: ['Go'] }, topics: ['Go', 'Rust', 'aws lambda'] });
    expect(after.preferences.tags).toEqual(['Rust', 'Zig']);
    expect(kept.preferences).toEqual({ tags: ['Rust', 'Zig'], cadence: 'weekly' });
    expect(everything.preferences).toEqual({ tags: [], cadence: 'weekly' });
    expect(left).toMatchObject({ subscribed: false, preferences: { tags: [] } });
    expect((await store.get(subscriberId(email)))?.tags).toBeUndefined();
    await expect(subscriptions.preferences(linkIn(welcome, 'unsubscribe'))).rejects.toMatchObject({ problem: 'wrong-purpose' });
    await expect(subscriptions.updatePreferences(token, { tags: ['x'.repeat(81)] })).rejects.toThrow(InvalidPreferencesError);
  });

  it('refuses topics that are not text, before touching the table', async () => {
    // Prepare
    const { subscriptions, email } = await setup();

    // Act & Assess
    await expect(subscriptions.subscribe({ email, clientIp: '192.0.2.23', tags: [{ tag: 'rust' }] })).rejects.toThrow('tags: give topics as text');
  });
});
