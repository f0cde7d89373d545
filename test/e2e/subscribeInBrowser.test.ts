import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { chromium, type Browser, type Page } from 'playwright-core';
import { s3Client } from '../../lambdas/adapters/s3Client';
import { LOCAL_NAMES } from '../../cli/local/localPorts';
import { startLocalStack, type LocalStack } from '../../cli/local/startLocalStack';
import { article } from '../helpers/emulatorHarness';
import { testStackPorts } from '../helpers/testPort';

jest.setTimeout(60_000);

const CHROMIUM = '/usr/bin/chromium';
const requireBrowser = process.env.HERALD_REQUIRE_BROWSER === '1';
// CI installs Debian's chromium and sets HERALD_REQUIRE_BROWSER=1, so there this never skips.
const describeInBrowser = existsSync(CHROMIUM) || requireBrowser ? describe : describe.skip;

const PORTS = testStackPorts(13_400);
const SHOTS = join(__dirname, '..', '..', 'test-artifacts', 'screenshots');

interface StoredMail {
  subject: string;
  destination: { to: string[] };
  body: { text: string };
}

/** What the reader reads on the way in: the form's answer, the confirmation page, and the page after its button. */
interface SubscribeSteps {
  readonly afterSubscribe: string | null;
  readonly confirmPage: string | null;
  readonly afterConfirm: string | null;
}

describeInBrowser('a reader in Chromium', () => {
  let stack: LocalStack;
  let browser: Browser;

  /** The SES emulator's mails to one address, in the order they were sent. */
  async function mailsTo(address: string): Promise<StoredMail[]> {
    const { emails } = (await (await fetch(`${stack.urls.ses}/store`)).json()) as { emails: StoredMail[] };
    return emails.filter((m) => m.destination.to.includes(address));
  }

  /** The link of that kind in the first mail to `address` that has one (or the first with that subject). */
  async function link(address: string, kind: 'confirm' | 'unsubscribe' | 'preferences', subject?: string): Promise<string> {
    const text = (await mailsTo(address)).filter((m) => subject === undefined || m.subject === subject).map((m) => m.body.text).find((t) => t.includes(`/api/${kind}?token=`))!;
    return new RegExp(`http://\\S+/api/${kind}\\?token=\\S+`).exec(text)![0];
  }

  /** Puts an article in the content bucket, as `git push` would. */
  const publish = (key: string, markdown: string) => s3Client(stack.urls.s3).send(new PutObjectCommand({ Bucket: LOCAL_NAMES.contentBucket, Key: key, Body: markdown }));

  /**
   * Subscribes with the form on the open page, with no JavaScript involved,
   * then confirms as a reader would: the mail's link, then the page's button.
   */
  async function subscribeWithForm(page: Page, label: string, address: string): Promise<SubscribeSteps> {
    await page.getByLabel(label, { exact: true }).fill(address);
    await page.getByRole('button', { name: 'Subscribe' }).click();
    const afterSubscribe = await page.locator('[role=status]').textContent();
    await stack.idle(); // the confirmation mail goes out off the request path
    await page.goto(await link(address, 'confirm'));
    const confirmPage = await page.locator('h1').textContent();
    await page.getByRole('button', { name: 'Confirm subscription' }).click();
    const afterConfirm = await page.locator('h1').textContent();
    return { afterSubscribe, confirmPage, afterConfirm };
  }

  beforeAll(async () => {
    stack = await startLocalStack({ ports: PORTS, siteContext: { siteTitle: 'Browser News' } });
    await publish('posts/notes.md', '---\ntitle: Notes\ndate: 2026-04-01T10:00:00Z\n---\nReaders\' notes & more.\n');
    await publish('posts/hello.md', article('Hello readers'));
    await stack.idle();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // Flags for a sandboxed machine with no network (Playwright gives each launch a fresh profile itself).
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows a feed opened in the browser as a page, with the browser\'s own XSLT', async () => {
    // Prepare
    const page = await browser.newPage();

    // Act
    await page.goto(`${stack.urls.site}feed.xml`);
    const text = await page.locator('body').innerText();
    await page.close();

    // Assess
    expect(text).toContain('This is a web feed.');
    expect(text).toContain('Hello readers');
    expect(text).toContain('Readers\' notes & more.');
  });

  it('subscribes with the form on a post page, confirms from the mailbox, and unsubscribes with the button', async () => {
    // Prepare
    const page = await browser.newPage();
    // The local site server sends CloudFront's Content-Security-Policy: a page that breaks it shows here.
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text());
    });
    await page.goto(`${stack.urls.site}posts/hello/`);

    // Act
    const { afterSubscribe, confirmPage, afterConfirm } = await subscribeWithForm(page, 'Get new articles by email', 'browser@example.com');
    await page.goto(await link('browser@example.com', 'unsubscribe'));
    const buttonPage = await page.locator('h1').textContent();
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    const afterUnsubscribe = await page.locator('h1').textContent();

    // Assess
    expect(await page.title()).toContain('Browser News');
    expect(afterSubscribe).toContain('a confirmation email is on its way');
    expect(confirmPage).toBe('Confirm your subscription');
    expect(afterConfirm).toBe('You are subscribed');
    expect(violations).toEqual([]);
    expect(buttonPage).toBe('Unsubscribe from Browser News?');
    expect(afterUnsubscribe).toBe('You are unsubscribed');
    const { emails } = (await (await fetch(`${stack.urls.ses}/store`)).json()) as { emails: StoredMail[] };
    expect(emails.map((m) => m.body.text).find((t) => t.includes('/api/unsubscribe'))).toContain(`The latest article: Hello readers\n${stack.urls.site}posts/hello/`);
  });

  it('changes what it gets from a newsletter\'s link: ticks a topic, types another, saves, and the next articles follow it', async () => {
    // Prepare: a confirmed reader of everything gets the newsletter of a tagged article
    const reader = 'topics@example.com';
    const now = new Date().toISOString();
    await fetch(`${stack.urls.site}api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `email=${encodeURIComponent(reader)}` });
    await stack.idle();
    await fetch(await link(reader, 'confirm'), { method: 'POST' });
    await publish('posts/rusty.md', article('Rusty', now, 'tags: [Rust]\n'));
    await stack.idle();
    const page = await browser.newPage();

    // Act: the preference page from the newsletter's footer, with no JavaScript involved
    await page.goto(await link(reader, 'preferences'));
    const before = await page.locator('[role=status]').textContent();
    await page.getByRole('checkbox', { name: 'Rust' }).check();
    await page.getByLabel('Other topics, separated by commas').fill('Zig');
    await page.getByRole('button', { name: 'Save' }).click();
    const after = await page.locator('[role=status]').textContent();
    const ticked = await page.getByRole('checkbox', { name: 'Zig' }).isChecked();
    await page.close();
    await publish('posts/gopher.md', article('Gopher', now, 'tags: [Go]\n'));
    await publish('posts/ziggy.md', article('Ziggy', now, 'tags: [zig, build]\n'));
    await stack.idle();

    // Assess
    expect(before).toBe(`${reader} gets every new article from Browser News by email.`);
    expect(after).toBe(`Saved. From the next email on, ${reader} gets new articles tagged Rust or Zig.`);
    expect(ticked).toBe(true);
    expect((await mailsTo(reader)).map((m) => m.subject)).toEqual(['Confirm your subscription to Browser News', 'Welcome to Browser News', 'Rusty', 'Ziggy']);
  });

  it('subscribes to one topic from its tag page on a phone, gets only that topic\'s articles (a reader of everything gets both), and finds it ticked on the preference page', async () => {
    // Prepare: an article makes the tag's page; a phone-sized window in dark mode
    const now = new Date().toISOString();
    await publish('posts/lanterns.md', article('Lanterns at dusk', now, 'tags: [Night Walks]\n'));
    await stack.idle();
    mkdirSync(SHOTS, { recursive: true });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    const page = await context.newPage();

    // Act: one reader subscribes from the tag page, another from a post page, then two articles go out
    await page.goto(`${stack.urls.site}tags/night-walks/`);
    const form = page.locator('form.subscribe');
    await form.screenshot({ path: join(SHOTS, 'tag-subscribe-form-390-dark.png') }); // for a person to look at
    const formBox = (await form.boundingBox())!;
    const fromTag = await subscribeWithForm(page, 'Get new Night Walks articles by email', 'night@example.com');
    await page.goto(`${stack.urls.site}posts/lanterns/`);
    await subscribeWithForm(page, 'Get new articles by email', 'everything@example.com');
    await publish('posts/owls.md', article('Owls after midnight', now, 'tags: [Birds, Night Walks]\n'));
    await publish('posts/breakfast.md', article('Breakfast', now, 'tags: [Food]\n'));
    await stack.idle();
    await page.goto(await link('night@example.com', 'preferences', 'Owls after midnight'));
    const preferences = await page.locator('[role=status]').textContent();
    const ticked = await page.getByRole('checkbox', { name: 'Night Walks' }).isChecked();
    await context.close();

    // Assess
    expect(formBox.x + formBox.width).toBeLessThanOrEqual(390);
    expect(fromTag).toEqual({ afterSubscribe: expect.stringContaining('a confirmation email is on its way'), confirmPage: 'Confirm your subscription', afterConfirm: 'You are subscribed' });
    expect((await mailsTo('night@example.com')).map((m) => m.subject)).toEqual(['Confirm your subscription to Browser News', 'Welcome to Browser News', 'Owls after midnight']);
    expect((await mailsTo('everything@example.com')).map((m) => m.subject).sort()).toEqual(['Breakfast', 'Confirm your subscription to Browser News', 'Owls after midnight', 'Welcome to Browser News']);
    expect(preferences).toBe('night@example.com gets new articles tagged Night Walks from Browser News by email.');
    expect(ticked).toBe(true);
  });
});
