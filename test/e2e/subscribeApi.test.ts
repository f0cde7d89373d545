import { startLocalStack, type LocalStack } from '../../cli/local/startLocalStack';
import { testStackPorts } from '../helpers/testPort';

jest.setTimeout(30_000);

const PORTS = testStackPorts(13_300);

interface StoredMail {
  destination: { to: string[] };
  subject: string;
  body: { text: string };
}

describe('subscription API on the local stack', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack({ ports: PORTS, siteContext: { siteTitle: 'Local News' } });
  });
  afterAll(async () => stack.stop());

  const api = (path: string, init?: RequestInit) => fetch(`${stack.urls.site}api/${path}`, init);
  const form = (body: string) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  async function tokenFor(address: string, kind: 'confirm' | 'unsubscribe'): Promise<string> {
    const { emails } = (await (await fetch(`${stack.urls.ses}/store`)).json()) as { emails: StoredMail[] };
    const mail = emails.filter((m) => m.destination.to.includes(address)).find((m) => m.body.text.includes(`/api/${kind}?token=`))!;
    return new URL(/http:\/\/\S+/.exec(mail.body.text.slice(mail.body.text.indexOf(`/api/${kind}`) - 40))![0]).searchParams.get('token')!;
  }

  it('subscribes from the form, confirms from the mailbox link, and unsubscribes with one click', async () => {
    // Act
    const subscribed = await api('subscribe', form('email=e2e%40example.com&website='));
    const confirmed = await api(`confirm?token=${await tokenFor('e2e@example.com', 'confirm')}`);
    const unsubscribeToken = await tokenFor('e2e@example.com', 'unsubscribe');
    const page = await api(`unsubscribe?token=${unsubscribeToken}`);
    const oneClick = await api(`unsubscribe?token=${unsubscribeToken}`, form('List-Unsubscribe=One-Click'));

    // Assess
    expect(subscribed.status).toBe(200);
    expect(await subscribed.text()).toContain('Check your inbox');
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('You are subscribed');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<button class="button" type="submit">Unsubscribe</button>');
    expect(oneClick.status).toBe(200);
    expect(await oneClick.text()).toContain('You are unsubscribed');
  });

  it('says "already unsubscribed" on a second visit, and subscribing again within the hour sends a confirmation', async () => {
    // Prepare
    await api('subscribe', form('email=again%40example.com&website='));
    await api(`confirm?token=${await tokenFor('again@example.com', 'confirm')}`);
    const unsubscribeToken = await tokenFor('again@example.com', 'unsubscribe');
    await api(`unsubscribe?token=${unsubscribeToken}`, form('List-Unsubscribe=One-Click'));

    // Act
    const second = await (await api(`unsubscribe?token=${unsubscribeToken}`)).text();
    await api('subscribe', form('email=again%40example.com&website='));

    // Assess
    expect(second).toContain('<h1>You are already unsubscribed</h1>');
    expect(second).toContain('<input type="hidden" name="email" value="again@example.com"><button class="button secondary" type="submit">Subscribe again</button>');
    expect(second).not.toContain('class="subscribe"');
    const { emails } = (await (await fetch(`${stack.urls.ses}/store`)).json()) as { emails: { destination: { to: string[] }; subject: string }[] };
    expect(emails.filter((m) => m.destination.to.includes('again@example.com')).map((m) => m.subject)).toEqual([
      'Confirm your subscription to Local News', 'Welcome to Local News', 'Confirm your subscription to Local News',
    ]);
  });

  it('answers JSON with JSON', async () => {
    // Act
    const response = await api('subscribe', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'json@example.com' }) });

    // Assess
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ message: expect.stringContaining('confirmation email') });
  });

  it.each([
    ['malformed JSON', 'subscribe', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' }, 400],
    ['a JSON list', 'subscribe', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' }, 400],
    ['a bad address', 'subscribe', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"nope"}' }, 400],
    ['a header injection', 'subscribe', form('email=a%40example.com%0D%0ABcc%3A+b%40example.com'), 400],
    ['a body over 16 KB', 'subscribe', form(`email=${'a'.repeat(17_000)}`), 413],
    ['a wrong content type', 'subscribe', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'email=a@example.com' }, 415],
    ['a forged confirm token', `confirm?token=${'a'.repeat(20)}.${'b'.repeat(43)}`, undefined, 400],
    ['a missing token', 'confirm', undefined, 400],
    ['a confirm token used to unsubscribe', `unsubscribe?token=${'x'.repeat(10)}`, { method: 'POST' }, 400],
    ['an unknown path', 'nothing-here', undefined, 404],
    ['a wrong method', 'subscribe', { method: 'DELETE' }, 405],
  ])('answers %s with a 4xx and a message, never a stack trace', async (_name, path, init, status) => {
    // Act
    const response = await api(path, init as RequestInit | undefined);
    const body = await response.text();

    // Assess
    expect(response.status).toBe(status);
    expect(body.length).toBeGreaterThan(20);
    expect(body).not.toMatch(/\n\s+at |Error:/);
  });

  it('rate limits one client address', async () => {
    // Act
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await api('subscribe', form(`email=burst${i}%40example.com`))).status);

    // Assess: earlier tests in this file used some of the same address's allowance
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
  });

  it('serves the health check', async () => {
    // Act
    const response = await api('health');

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
