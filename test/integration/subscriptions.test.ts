import { sesClient } from '../../lambdas/adapters/sesClient';
import { DynamoSubscriberStore } from '../../lambdas/adapters/dynamoSubscriberStore';
import { SesMailer } from '../../lambdas/adapters/sesMailer';
import { localUrl } from '../../cli/local/localPorts';
import { ensureSubscribersTable } from '../../cli/local/provisionLocal';
import { InvalidEmailError, InvalidTokenError } from '../../lambdas/subscriptions/errors';
import { subscriberId } from '../../lambdas/subscriptions/subscriberId';
import type { SNSEvent } from 'aws-lambda';
import { handleSesFeedback } from '../../lambdas/functions/suppress/handleSesFeedback';
import { RateLimitedError, Subscriptions, UsedTokenError } from '../../lambdas/subscriptions/subscriptions';
import { startHarness, type Harness } from '../helpers/emulatorHarness';
import { testPort } from '../helpers/testPort';

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
  async function setup(clock: () => Date = () => new Date('2026-06-01T12:00:00Z')) {
    const name = `subscribers-${++table}`;
    await ensureSubscribersTable(harness.db as never, name);
    const store = new DynamoSubscriberStore(harness.db, name);
    const latestArticle = { latest: async () => ({ title: 'The Newest Post', url: 'https://blog.example.com/posts/newest/' }) };
    const subscriptions = new Subscriptions({ site: harness.site, store, mailer: new SesMailer(sesClient(localUrl(SES_PORT)), 'news@example.com'), secret: 'integration-secret', clock, latestArticle });
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
    expect(welcome.body.html).toMatch(/Changed your mind\? <a class="hd-link" href="https:\/\/blog\.example\.com\/api\/unsubscribe\?token=[\w.-]+"[^>]*>Unsubscribe<\/a> with one click\./);
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

    // Act & Assess
    await expect(subscriptions.confirm(token)).rejects.toThrow(UsedTokenError);
    await expect(subscriptions.confirm(`${token.slice(0, -2)}AA`)).rejects.toThrow(InvalidTokenError);
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

  it('rejects a bad address before touching the table', async () => {
    // Prepare
    const { subscriptions } = await setup();

    // Act & Assess
    await expect(subscriptions.subscribe({ email: 'a@b.c\r\nBcc: x@y.z', clientIp: '192.0.2.6' })).rejects.toThrow(InvalidEmailError);
  });
});
