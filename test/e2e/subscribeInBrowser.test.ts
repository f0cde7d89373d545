import { existsSync } from 'node:fs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { chromium, type Browser } from 'playwright-core';
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

interface StoredMail {
  destination: { to: string[] };
  body: { text: string };
}

describeInBrowser('a reader in Chromium', () => {
  let stack: LocalStack;
  let browser: Browser;
  beforeAll(async () => {
    stack = await startLocalStack({ ports: PORTS, siteContext: { siteTitle: 'Browser News' } });
    await s3Client(stack.urls.s3).send(new PutObjectCommand({ Bucket: LOCAL_NAMES.contentBucket, Key: 'posts/notes.md', Body: '---\ntitle: Notes\ndate: 2026-04-01T10:00:00Z\n---\nReaders\' notes & more.\n' }));
    await s3Client(stack.urls.s3).send(new PutObjectCommand({ Bucket: LOCAL_NAMES.contentBucket, Key: 'posts/hello.md', Body: article('Hello readers') }));
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

  async function link(address: string, kind: 'confirm' | 'unsubscribe' | 'preferences'): Promise<string> {
    const { emails } = (await (await fetch(`${stack.urls.ses}/store`)).json()) as { emails: StoredMail[] };
    const text = emails.filter((m) => m.destination.to.includes(address)).map((m) => m.body.text).find((t) => t.includes(`/api/${kind}?token=`))!;
    return new RegExp(`http://\\S+/api/${kind}\\?token=\\S+`).exec(text)![0];
  }

  it('subscribes with the form on a post page, confirms from the mailbox, and unsubscribes with the button', async () => {
    // Prepare
    const page = await browser.newPage();
    // The local site server sends CloudFront's Content-Security-Policy: a page that breaks it shows here.
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text());
    });
    await page.goto(`${stack.urls.site}posts/hello/`);

    // Act: the form, with no JavaScript involved
    await page.getByLabel('Get new articles by email').fill('browser@example.com');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    const afterSubscribe = await page.locator('[role=status]').textContent();
    await stack.idle(); // the confirmation mail goes out off the request path
    await page.goto(await link('browser@example.com', 'confirm'));
    const confirmPage = await page.locator('h1').textContent();
    await page.getByRole('button', { name: 'Confirm subscription' }).click();
    const afterConfirm = await page.locator('h1').textContent();
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
    const put = (key: string, markdown: string) => s3Client(stack.urls.s3).send(new PutObjectCommand({ Bucket: LOCAL_NAMES.contentBucket, Key: key, Body: markdown }));
    const now = new Date().toISOString();
    await fetch(`${stack.urls.site}api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `email=${encodeURIComponent(reader)}` });
    await stack.idle();
    await fetch(await link(reader, 'confirm'), { method: 'POST' });
    await put('posts/rusty.md', article('Rusty', now, 'tags: [Rust]\n'));
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
    await put('posts/gopher.md', article('Gopher', now, 'tags: [Go]\n'));
    await put('posts/ziggy.md', article('Ziggy', now, 'tags: [zig, build]\n'));
    await stack.idle();

    // Assess
    expect(before).toBe(`${reader} gets every new article from Browser News by email.`);
    expect(after).toBe(`Saved. From the next email on, ${reader} gets new articles tagged Rust or Zig.`);
    expect(ticked).toBe(true);
    const { emails } = (await (await fetch(`${stack.urls.ses}/store`)).json()) as { emails: (StoredMail & { subject: string })[] };
    expect(emails.filter((m) => m.destination.to.includes(reader)).map((m) => m.subject)).toEqual(['Confirm your subscription to Browser News', 'Welcome to Browser News', 'Rusty', 'Ziggy']);
  });
});
