import { startLocalStack, type LocalStack } from '../../cli/local/startLocalStack';
import { testStackPorts } from '../helpers/testPort';
import { forgeToken } from '../helpers/forgeToken';

jest.setTimeout(30_000);

const PORTS = testStackPorts(13_300);
const BUDGET_PORTS = testStackPorts(13_310);
const TIMING_PORTS = testStackPorts(13_320);

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

  // Every status this file sees: none may be 403, which CloudFront would turn into the site's 404 page.
  const seen: number[] = [];
  afterAll(() => expect(seen).not.toContain(403));
  const api = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${stack.urls.site}api/${path}`, init);
    seen.push(response.status);
    return response;
  };
  const form = (body: string, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
  async function tokenFor(address: string, kind: 'confirm' | 'unsubscribe'): Promise<string> {
    await stack.idle(); // confirmation mails go out off the request path
    const { emails } = (await (await fetch(`${stack.urls.ses}/store`)).json()) as { emails: StoredMail[] };
    const mail = emails.filter((m) => m.destination.to.includes(address)).find((m) => m.body.text.includes(`/api/${kind}?token=`))!;
    return new URL(/http:\/\/\S+/.exec(mail.body.text.slice(mail.body.text.indexOf(`/api/${kind}`) - 40))![0]).searchParams.get('token')!;
  }

  it('subscribes from the form, confirms from the mailbox link, and unsubscribes with one click', async () => {
    // Act
    const subscribed = await api('subscribe', form('email=e2e%40example.com&website='));
    const confirmToken = await tokenFor('e2e@example.com', 'confirm');
    const opened = await api(`confirm?token=${confirmToken}`);
    const confirmed = await api(`confirm?token=${confirmToken}`, form(''));
    const openedAgain = await api(`confirm?token=${confirmToken}`);
    const unsubscribeToken = await tokenFor('e2e@example.com', 'unsubscribe');
    const page = await api(`unsubscribe?token=${unsubscribeToken}`);
    const oneClick = await api(`unsubscribe?token=${unsubscribeToken}`, form('List-Unsubscribe=One-Click'));

    // Assess
    expect(subscribed.status).toBe(200);
    expect(await subscribed.text()).toContain('Check your inbox');
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain('<button class="button" type="submit">Confirm subscription</button>');
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('You are subscribed');
    expect(openedAgain.status).toBe(200);
    expect(await openedAgain.text()).toContain('You are subscribed');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<button class="button" type="submit">Unsubscribe</button>');
    expect(oneClick.status).toBe(200);
    expect(await oneClick.text()).toContain('You are unsubscribed');
  });

  it('says "already unsubscribed" on a second visit, and subscribing again within the hour sends a confirmation', async () => {
    // Prepare
    await api('subscribe', form('email=again%40example.com&website='));
    await api(`confirm?token=${await tokenFor('again@example.com', 'confirm')}`, form(''));
    const unsubscribeToken = await tokenFor('again@example.com', 'unsubscribe');
    await api(`unsubscribe?token=${unsubscribeToken}`, form('List-Unsubscribe=One-Click'));

    // Act
    const second = await (await api(`unsubscribe?token=${unsubscribeToken}`)).text();
    await api('subscribe', form('email=again%40example.com&website='));
    await stack.idle();

    // Assess
    expect(second).toContain('<h1>You are already unsubscribed</h1>');
    expect(second).toContain('<input type="hidden" name="email" value="again@example.com"><button class="button secondary" type="submit">Subscribe again</button>');
    expect(second).not.toContain('class="subscribe"');
    const { emails } = (await (await fetch(`${stack.urls.ses}/store`)).json()) as { emails: { destination: { to: string[] }; subject: string }[] };
    expect(emails.filter((m) => m.destination.to.includes('again@example.com')).map((m) => m.subject)).toEqual([
      'Confirm your subscription to Local News', 'Welcome to Local News', 'Confirm your subscription to Local News',
    ]);
  });

  it('confirms only when the page\'s button is pressed: opening the link (as a mail scanner does) changes nothing', async () => {
    // Prepare
    await api('subscribe', form('email=scanned%40example.com'));
    const token = await tokenFor('scanned@example.com', 'confirm');

    // Act: a scanner opens the link three times
    const scans = await Promise.all([1, 2, 3].map(async () => (await api(`confirm?token=${token}`, { headers: { accept: 'application/json' } })).json()));
    const pressed = await api(`confirm?token=${token}`, { method: 'POST', headers: { accept: 'application/json' } });
    const pressedAgain = await api(`confirm?token=${token}`, { method: 'POST', headers: { accept: 'application/json' } });
    const after = await (await api(`confirm?token=${token}`, { headers: { accept: 'application/json' } })).json();

    // Assess
    expect(scans).toEqual([{ status: 'pending' }, { status: 'pending' }, { status: 'pending' }]);
    expect([pressed.status, pressedAgain.status]).toEqual([200, 200]);
    expect(after).toEqual({ status: 'confirmed' });
  });

  it.each([
    ['a cross-site form (Sec-Fetch-Site) with 400', { 'sec-fetch-site': 'cross-site', origin: 'https://elsewhere.example' }, 400],
    ['a cross-site form from an older browser (Origin only) with 400', { origin: 'https://elsewhere.example' }, 400],
    ['a sandboxed page (Origin: null) with 400', { origin: 'null' }, 400],
    ['the site\'s own form with 200', { 'sec-fetch-site': 'same-origin', origin: 'SITE' }, 200],
    ['a form on a sibling subdomain with 200', { 'sec-fetch-site': 'same-site', origin: 'https://blog.example.org' }, 200],
    ['the site\'s own form in an older browser with 200', { origin: 'SITE' }, 200],
    ['a program (no Origin, no Sec-Fetch-Site) with 200', {}, 200],
  ])('answers %s', async (_name, headers, status) => {
    // Prepare
    const site = new URL(stack.urls.site).origin;
    const sent = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v === 'SITE' ? site : v]));

    // Act
    const response = await api('subscribe', form(`email=cross${status}${Object.keys(headers).length}%40example.com`, sent));

    // Assess
    expect(response.status).toBe(status);
    if (status === 400) expect(await response.text()).toContain('This form can only be sent from the pages of Local News');
  });

  it('refuses a cross-site confirmation button too, and keeps JSON clients working', async () => {
    // Act
    const crossSite = await api(`confirm?token=${'a'.repeat(20)}.${'b'.repeat(43)}`, { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' } });
    const program = await api('subscribe', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'program@example.com' }) });

    // Assess
    expect(crossSite.status).toBe(400);
    expect(program.status).toBe(202);
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
    ['a non-ASCII local part', 'subscribe', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"jürgen@example.com"}' }, 400],
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
    seen.push(...statuses);

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

describe('the daily budget of confirmation mails on the local stack', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack({ ports: BUDGET_PORTS, siteContext: { siteTitle: 'Budget News', confirmationMailsPerDay: 3 } });
  });
  afterAll(async () => stack.stop());

  it('mails three confirmations, then answers 429 and mails nobody', async () => {
    // Act
    const statuses: number[] = [];
    for (let i = 1; i <= 5; i++) {
      statuses.push((await fetch(`${stack.urls.site}api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `budget${i}@example.com` }) })).status);
      await stack.idle();
    }
    const refused = await fetch(`${stack.urls.site}api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'budget6@example.com' }) });
    await stack.idle();
    const { emails } = (await (await fetch(`${stack.urls.ses}/store`)).json()) as { emails: StoredMail[] };

    // Assess
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { message: string }).message).toMatch(/stopped sending confirmation emails until tomorrow/);
    // The SES emulator's mailbox is shared by every stack in this process: look at this test's addresses only.
    expect(emails.flatMap((m) => m.destination.to).filter((to) => to.startsWith('budget')).sort()).toEqual(['budget1@example.com', 'budget2@example.com', 'budget3@example.com']);
  });
});

describe('subscribe answers in constant time on the local stack', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack({ ports: TIMING_PORTS, siteContext: { siteTitle: 'Timing News', subscribeRequestsPerHour: 1000, confirmationMailsPerDay: 1000 } });
  });
  afterAll(async () => stack.stop());

  const subscribe = async (email: string): Promise<number> => {
    const started = performance.now();
    const response = await fetch(`${stack.urls.site}api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
    await response.text();
    const elapsed = performance.now() - started;
    expect(response.status).toBe(202);
    // The invite function runs elsewhere in AWS; here it waits until the request is measured, and the emulators
    // settle before the next one, so its work slows neither side.
    await stack.idle();
    await new Promise((resolve) => setTimeout(resolve, 5));
    return elapsed;
  };
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

  it('takes as long for a subscribed address as for an unknown one (medians within 1 ms over 50 requests each)', async () => {
    // Prepare: a confirmed subscriber, and a warm server
    await subscribe('known@example.com');
    const { emails } = (await (await fetch(`${stack.urls.ses}/store`)).json()) as { emails: StoredMail[] };
    const token = /token=([\w.-]+)/.exec(emails.find((m) => m.destination.to.includes('known@example.com'))!.body.text)![1]!;
    expect((await fetch(`${stack.urls.site}api/confirm?token=${token}`, { method: 'POST' })).status).toBe(200);
    for (let i = 0; i < 10; i++) await subscribe(`warm${i}@example.com`);

    // Act: interleaved, each first in every other pair, so drift in the machine's load touches both alike. A leak (a
    // mail sent on one path, say) shows in every round; the noise of a machine shared with other work does not, so a
    // round over the limit is measured again, up to three rounds.
    const rounds: number[] = [];
    for (let round = 0; round < 3 && !(rounds.at(-1)! < 1); round++) {
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 50; i++) {
        if (i % 2 === 0) known.push(await subscribe('known@example.com'));
        unknown.push(await subscribe(`new${round}.${i}@example.com`));
        if (i % 2 === 1) known.push(await subscribe('known@example.com'));
      }
      rounds.push(Math.abs(median(known) - median(unknown)));
    }

    // Assess
    expect(rounds.at(-1)).toBeLessThan(1);
  });
});

describe('topics and the preference page on the local stack', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack({ ports: testStackPorts(13_730), siteContext: { siteTitle: 'Local News' } });
  });
  afterAll(async () => stack.stop());

  const api = (path: string, init?: RequestInit) => fetch(`${stack.urls.site}api/${path}`, init);
  const form = (body: string, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
  const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
  async function tokenFor(address: string, kind: 'confirm' | 'preferences' | 'unsubscribe'): Promise<string> {
    await stack.idle();
    const { emails } = (await (await fetch(`${stack.urls.ses}/store`)).json()) as { emails: StoredMail[] };
    const mail = emails.filter((m) => m.destination.to.includes(address)).find((m) => m.body.text.includes(`/api/${kind}?token=`))!;
    return new URL(new RegExp(`http://\\S+/api/${kind}\\?token=\\S+`).exec(mail.body.text)![0]).searchParams.get('token')!;
  }
  async function subscribed(address: string, body: string): Promise<void> {
    await api('subscribe', form(body));
    await api(`confirm?token=${await tokenFor(address, 'confirm')}`, form(''));
  }
  const preferencesOf = async (token: string) => (await (await api(`preferences?token=${token}`, { headers: { accept: 'application/json' } })).json()) as { tags: string[]; cadence: string; subscribed: boolean };

  it('takes topics as repeated form fields, as one comma-separated field (a tag page\'s hidden field) and as a JSON list', async () => {
    // Act
    await subscribed('fields@example.com', 'email=fields%40example.com&tags=Rust&tags=Go&cadence=weekly');
    await subscribed('comma@example.com', 'email=comma%40example.com&tags=AWS+Lambda%2C+rust');
    const fromJson = await api('subscribe', json({ email: 'list@example.com', tags: ['Zig'] }));
    await api(`confirm?token=${await tokenFor('list@example.com', 'confirm')}`, form(''));

    // Assess
    expect(fromJson.status).toBe(202);
    expect(await preferencesOf(await tokenFor('fields@example.com', 'preferences'))).toEqual({ email: 'fields@example.com', subscribed: true, tags: ['Rust', 'Go'], cadence: 'weekly' });
    expect((await preferencesOf(await tokenFor('comma@example.com', 'preferences'))).tags).toEqual(['AWS Lambda', 'rust']);
    expect((await preferencesOf(await tokenFor('list@example.com', 'preferences'))).tags).toEqual(['Zig']);
  });

  it('answers topics or a cadence it cannot use with 400, naming the field', async () => {
    // Act
    const response = await api('subscribe', json({ email: 'bad-topics@example.com', tags: [1, 2] }));
    const cadence = await api('subscribe', json({ email: 'bad-cadence@example.com', cadence: 'daily' }));

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: 'Tags: give topics as text: a list, or one field with commas between them.' });
    expect(cadence.status).toBe(400);
    expect(await cadence.json()).toEqual({ message: 'Cadence: choose "each" (a mail for each new article) or "weekly" (one digest a week).' });
  });

  it('shows the preference page from a mail\'s link, saves ticked topics and a typed one, and goes back to everything with none', async () => {
    // Prepare
    await subscribed('prefs@example.com', 'email=prefs%40example.com&tags=Go');
    const token = await tokenFor('prefs@example.com', 'preferences');

    // Act
    const page = await (await api(`preferences?token=${token}`)).text();
    const saved = await api(`preferences?token=${token}`, form('tags=Go&tags=Rust%2C+Zig&cadence=weekly'));
    const savedPage = await saved.text();
    const afterSave = await preferencesOf(token);
    await api(`preferences?token=${token}`, form('tags=&cadence=each'));
    const afterClear = await preferencesOf(token);

    // Assess
    expect(page).toContain('<h1>Choose what you get</h1>');
    expect(page).toContain('prefs@example.com gets new articles tagged Go from Local News by email.');
    expect(page).toMatch(/<input type="checkbox" name="tags" value="Go" id="topic-0" checked>Go<\/label>/);
    expect(page).toContain('<input type="hidden" name="List-Unsubscribe" value="One-Click"><button class="button secondary" type="submit">Unsubscribe</button>');
    expect(page).toContain('<label><input type="radio" name="cadence" value="each" checked>An email for each new article</label>');
    expect(page).toContain('<label><input type="radio" name="cadence" value="weekly">One digest a week: Mondays at 08:00 (UTC time)</label>');
    expect(saved.status).toBe(200);
    expect(savedPage).toContain('Saved. From the next email on, prefs@example.com gets a weekly digest of new articles tagged Go, Rust or Zig.');
    expect(afterSave).toMatchObject({ tags: ['Go', 'Rust', 'Zig'], cadence: 'weekly' });
    expect(afterClear).toMatchObject({ tags: [], cadence: 'each' });
  });

  it('refuses a cross-site save and a forged link, and shows an unsubscribed reader the way back instead of the form', async () => {
    // Prepare
    await subscribed('leaver@example.com', 'email=leaver%40example.com');
    const token = await tokenFor('leaver@example.com', 'preferences');
    await api(`unsubscribe?token=${await tokenFor('leaver@example.com', 'unsubscribe')}`, form('List-Unsubscribe=One-Click'));

    // Act
    const crossSite = await api(`preferences?token=${token}`, form('tags=rust', { 'sec-fetch-site': 'cross-site' }));
    const forged = await api(`preferences?token=${forgeToken(token)}`);
    const page = await api(`preferences?token=${token}`);
    const save = await api(`preferences?token=${token}`, form('tags=rust'));

    // Assess
    expect(crossSite.status).toBe(400);
    expect(forged.status).toBe(400);
    expect(await page.text()).toContain('<h1>You are already unsubscribed</h1>');
    expect(save.status).toBe(409);
    expect((await preferencesOf(token)).tags).toEqual([]);
  });
});
