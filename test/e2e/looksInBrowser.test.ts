/// <reference lib="dom" />
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { s3Client } from '../../lambdas/adapters/s3Client';
import { LOCAL_NAMES } from '../../cli/local/localPorts';
import { startLocalStack, type LocalStack } from '../../cli/local/startLocalStack';
import { testStackPorts } from '../helpers/testPort';

/**
 * What a reader sees, page by page and mail by mail, at a phone's 390 px and
 * a laptop's 1280 px, in light and dark: nothing scrolls sideways, every
 * text and link meets WCAG AA contrast (4.5:1, computed from the rendered
 * styles), the featured image shows once, and every mail has a display name.
 * Screenshots land in test-artifacts/screenshots/ for a person to look at.
 */

jest.setTimeout(180_000);

const CHROMIUM = '/usr/bin/chromium';
const requireBrowser = process.env.HERALD_REQUIRE_BROWSER === '1';
const describeInBrowser = existsSync(CHROMIUM) || requireBrowser ? describe : describe.skip;

const PORTS = testStackPorts(13_500);
const SHOTS = join(__dirname, '..', '..', 'test-artifacts', 'screenshots');
const READER = 'reader@example.com';
const SENDER = '"Herald Field Notes" <news@example.com>';
const VIEWS = [
  { width: 390, height: 844, scheme: 'light' },
  { width: 390, height: 844, scheme: 'dark' },
  { width: 1280, height: 800, scheme: 'light' },
  { width: 1280, height: 800, scheme: 'dark' },
] as const;

interface StoredMail {
  from: string;
  subject: string;
  destination: { to: string[] };
  body: { html: string; text: string };
}

/** One thing a reader looks at: a URL of the site, or a mail's HTML. */
interface Target {
  readonly name: string;
  readonly url?: string;
  readonly html?: string;
  /** The featured image's URL, when the target must show it exactly once. */
  readonly featuredImage?: string;
  /** A feed, which becomes a page only once its preview script has run. */
  readonly feed?: boolean;
}

/** A text or link whose colour is too close to what is behind it. */
interface LowContrast {
  readonly text: string;
  readonly ratio: number;
  readonly colour: string;
  readonly background: string;
}

const COVER = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="600" viewBox="0 0 1200 600"><defs><linearGradient id="g" x1="0" x2="1" y1="0" y2="1"><stop offset="0" stop-color="#0b57d0"/><stop offset="1" stop-color="#8ab4f8"/></linearGradient></defs><rect width="1200" height="600" fill="url(#g)"/><circle cx="900" cy="220" r="120" fill="#fff" fill-opacity=".35"/></svg>`;

function richArticle(date: string): string {
  return `---
title: "What a month of publishing taught us about feeds, mail and readers"
date: ${date}
tags: [Field Notes, Static Sites]
featuredImage: cover.svg
description: Numbers from the first month, a table that used to break phones, and code that must survive a copy and paste.
---
![The cover](cover.svg)

The first month of Herald went better than planned. Here is what the numbers say, and what we changed because of them.

## The numbers

| Month | Articles | Readers | Opens | Clicks | Unsubscribes |
| --- | --- | --- | --- | --- | --- |
| July | 3 | 980 | 61% | 12% | 4 |
| August | 4 | 1,204 | 58% | 14% | 6 |
| September | 5 | 1,512 | 63% | 15% | 3 |

> Most readers open the mail within an hour; feed readers pick the article up within minutes.

## Code that survives a copy

Templates such as \`{{ .Title }}\` reach readers as written:

\`\`\`go
// render names the site and counts the words
func render(site Site, article Article) string { return fmt.Sprintf("%s: {{ .Params.subtitle }} (%d words)", site.Title, article.WordCount) }
\`\`\`

- Tables scroll in their own box on a phone.
- Code keeps its lines.
- [Every link](https://example.com/a-rather-long-address/that-goes/on-and-on/and-on) stays readable.
`;
}

describeInBrowser('how Herald looks in Chromium', () => {
  let stack: LocalStack;
  let browser: Browser;
  const targets: Target[] = [];
  const mails: StoredMail[] = [];

  async function mailbox(): Promise<StoredMail[]> {
    return ((await (await fetch(`${stack.urls.ses}/store`)).json()) as { emails: StoredMail[] }).emails;
  }

  function linkIn(mail: StoredMail, kind: string): string {
    return new RegExp(`http://\\S+/api/${kind}\\?token=[\\w.-]+`).exec(mail.body.text)![0];
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    stack = await startLocalStack({
      ports: PORTS,
      siteContext: { siteTitle: 'Herald Field Notes', siteDescription: 'Notes on publishing from markdown: feeds, mail and the pipeline between them.', authorName: 'Ada Writer', senderAddress: 'news@example.com', postalAddress: 'Herald Field Notes, 1 Harbour Street, Springfield' },
    });
    const s3 = s3Client(stack.urls.s3);
    const put = (key: string, body: string) => s3.send(new PutObjectCommand({ Bucket: LOCAL_NAMES.contentBucket, Key: key, Body: body }));
    await put('posts/2026-10-02-small-batches.md', '---\ntitle: Small batches\ndate: 2026-10-02T18:30:00+02:00\ntags: [Process]\n---\nShip small, ship often: a short note on why.\n');
    await put('posts/2026-10-20-why-feeds.md', '---\ntitle: Why feeds still matter\ndate: 2026-10-20T09:00:00Z\ntags: [Field Notes]\n---\nFeeds let readers choose what they read, in the reader they\'d like & trust.\n');
    await stack.idle();

    // A reader subscribes and confirms: the confirmation and welcome mails.
    await fetch(`${stack.urls.site}api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `email=${encodeURIComponent(READER)}&website=` });
    await stack.idle(); // the confirmation mail goes out off the request path
    const confirmation = (await mailbox()).find((m) => m.subject.startsWith('Confirm'))!;
    const confirmPage = await (await fetch(linkIn(confirmation, 'confirm'))).text();
    const subscribedPage = await (await fetch(linkIn(confirmation, 'confirm'), { method: 'POST' })).text();
    await stack.idle();

    // A second reader chooses the weekly digest.
    await fetch(`${stack.urls.site}api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=weekly%40example.com&website=&cadence=weekly' });
    await stack.idle();
    const weeklyConfirmation = (await mailbox()).find((m) => m.destination.to[0] === 'weekly@example.com')!;
    await fetch(linkIn(weeklyConfirmation, 'confirm'), { method: 'POST' });
    await stack.idle();

    // A new article goes out as a newsletter, and with another in the week's digest.
    await put('posts/month-one/cover.svg', COVER);
    await put('posts/month-one/index.md', richArticle(new Date().toISOString()));
    await put('posts/short-note.md', `---\ntitle: A short note on feeds\ndate: ${new Date().toISOString()}\ntags: [Feeds]\n---\nFeed readers learn of a new article within seconds when the site names a WebSub hub.\n`);
    await stack.idle();
    stack.digest();
    await stack.idle();
    mails.push(...(await mailbox()).filter((m) => m.destination.to[0] === READER || m.subject.startsWith('This week')));
    const newsletter = mails.find((m) => m.subject.startsWith('What a month'))!;
    const cover = `${stack.urls.site}posts/month-one/cover.svg`;

    // The preference page from the newsletter's footer, before and after saving topics.
    const preferences = linkIn(newsletter, 'preferences');
    const preferencesPage = await (await fetch(preferences)).text();
    const preferencesSaved = await (await fetch(preferences, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'tags=Process&tags=Static+Sites&tags=' })).text();

    // The unsubscribe flow, as the reader walks it.
    const unsubscribe = linkIn(mails.find((m) => m.subject.startsWith('Welcome'))!, 'unsubscribe');
    const pageBefore = await (await fetch(unsubscribe)).text();
    const pageAfter = await (await fetch(unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })).text();
    const pageAgain = await (await fetch(unsubscribe)).text();
    const inbox = await (await fetch(`${stack.urls.site}api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=other%40example.com&website=' })).text();

    targets.push(
      { name: 'home', url: stack.urls.site },
      { name: 'feed-rss', url: `${stack.urls.site}feed.xml`, feed: true },
      { name: 'feed-atom', url: `${stack.urls.site}atom.xml`, feed: true },
      { name: 'article', url: `${stack.urls.site}posts/month-one/`, featuredImage: cover },
      { name: 'archive-month', url: `${stack.urls.site}archive/2026/10/` },
      { name: 'tag', url: `${stack.urls.site}tags/field-notes/` },
      { name: 'tag-feed', url: `${stack.urls.site}tags/field-notes/feed.xml`, feed: true },
      { name: 'not-found', url: `${stack.urls.site}no/such/page/` },
      { name: 'confirm', html: confirmPage },
      { name: 'subscribed', html: subscribedPage },
      { name: 'preferences', html: preferencesPage },
      { name: 'preferences-saved', html: preferencesSaved },
      { name: 'unsubscribe', html: pageBefore },
      { name: 'unsubscribed', html: pageAfter },
      { name: 'already-unsubscribed', html: pageAgain },
      { name: 'check-inbox', html: inbox },
      { name: 'mail-confirmation', html: confirmation.body.html },
      { name: 'mail-welcome', html: mails.find((m) => m.subject.startsWith('Welcome'))!.body.html },
      { name: 'mail-newsletter', html: newsletter.body.html, featuredImage: cover },
      { name: 'mail-digest', html: mails.find((m) => m.subject.startsWith('This week'))!.body.html, featuredImage: cover },
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // Without XSLT, as Chromium will be once it is removed: the feeds' preview must work without it.
      args: ['--disable-blink-features=XSLT', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('catches what it looks for: a page wider than the window and grey text on grey', async () => {
    // Prepare
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });

    // Act
    await page.setContent('<body style="margin:0;background:#fff"><p style="color:#999">Too light</p><p style="color:#767676">Just enough</p><div style="width:600px">wide</div></body>');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    const lowContrast = await page.evaluate(findLowContrast, 'light');
    await page.close();

    // Assess
    expect(overflow).toBeGreaterThan(0);
    expect(lowContrast).toEqual([{ text: 'Too light', ratio: 2.85, colour: 'rgb(153, 153, 153)', background: 'rgb(255, 255, 255)' }]);
  });

  it('sends every mail with the site\'s display name', () => {
    // Assess
    expect(mails.map((m) => m.subject)).toEqual(expect.arrayContaining([expect.stringMatching(/^Confirm/), expect.stringMatching(/^Welcome/), expect.stringMatching(/^What a month/), 'This week at Herald Field Notes']));
    for (const mail of mails) expect(`${mail.subject}: ${mail.from}`).toBe(`${mail.subject}: ${SENDER}`);
  });

  it.each(['feed.xml', 'atom.xml'])('previews %s in a browser without XSLT like a page of the site: summaries, dates as the site writes them, how to subscribe', async (path) => {
    // Prepare
    const page = await browser.newPage();

    // Act
    await page.goto(`${stack.urls.site}${path}`);
    await page.waitForFunction(() => document.documentElement.localName === 'html' && document.querySelector('ol.posts li'));
    const text = await page.locator('body').innerText();
    const titles = await page.locator('ol.posts h2').allTextContents();
    const title = await page.title();
    await page.close();

    // Assess
    expect(title).toBe('Herald Field Notes · web feed');
    expect(text).toContain('This is a web feed.');
    expect(text).toContain(`${stack.urls.site}${path}`);
    expect(titles).toEqual(['A short note on feeds', 'What a month of publishing taught us about feeds, mail and readers', 'Why feeds still matter', 'Small batches']);
    expect(text).toContain('Numbers from the first month, a table that used to break phones');
    expect(text).toMatch(/Small batches\n+2 October 2026\n+Ship small/);
    expect(text).toContain('in the reader they\'d like & trust.');
  });

  it('reaches the tag page from the article, and finds its own feeds and a form for its articles there', async () => {
    // Prepare
    const page = await browser.newPage();

    // Act
    await page.goto(`${stack.urls.site}posts/month-one/`);
    await page.getByRole('link', { name: 'Field Notes', exact: true }).click();
    await page.waitForURL(/\/tags\/field-notes\/$/);
    const feeds = await page.locator('link[rel=alternate]').evaluateAll((links) => links.map((l) => l.getAttribute('href')));
    const label = await page.locator('form.subscribe label').innerText();
    const tags = await page.locator('form.subscribe input[name=tags]').inputValue();
    const titles = await page.locator('ol.posts h2').allTextContents();
    await page.close();

    // Assess
    expect(feeds.slice(0, 3)).toEqual(['feed.xml', 'atom.xml', 'feed.json'].map((f) => `${stack.urls.site}tags/field-notes/${f}`));
    expect(label).toBe('Get new Field Notes articles by email');
    expect(tags).toBe('Field Notes');
    expect(titles).toEqual(['What a month of publishing taught us about feeds, mail and readers', 'Why feeds still matter']);
  });

  describe.each(VIEWS)('at $width px, $scheme', (view) => {
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      context = await browser.newContext({ viewport: { width: view.width, height: view.height }, colorScheme: view.scheme });
      page = await context.newPage();
    });
    afterAll(async () => context?.close());

    it.each(['home', 'feed-rss', 'feed-atom', 'article', 'archive-month', 'tag', 'tag-feed', 'not-found', 'confirm', 'subscribed', 'preferences', 'preferences-saved', 'unsubscribe', 'unsubscribed', 'already-unsubscribed', 'check-inbox', 'mail-confirmation', 'mail-welcome', 'mail-newsletter', 'mail-digest'])('%s: fits the width, reads at AA contrast, shows the featured image once', async (name) => {
      // Prepare
      const target = targets.find((t) => t.name === name)!;

      // Act
      if (target.url) await page.goto(target.url, { waitUntil: 'load' });
      else await page.setContent(target.html!, { waitUntil: 'load' });
      if (target.feed) await page.waitForFunction(() => document.documentElement.localName === 'html' && document.querySelector('ol.posts li'));
      await page.screenshot({ path: join(SHOTS, `${name}-${view.width}-${view.scheme}.png`), fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      const lowContrast = await page.evaluate(findLowContrast, view.scheme);
      const images = target.featuredImage ? await page.locator(`img[src="${target.featuredImage}"]`).count() : 1;

      // Assess
      expect(overflow).toBeLessThanOrEqual(0);
      expect(lowContrast).toEqual([]);
      expect(images).toBe(1);
    });
  });
});

/**
 * Runs in the page: every visible element's own text, its colour against
 * the first opaque background behind it (translucent layers composited),
 * by the WCAG 2.x relative-luminance formula.
 */
function findLowContrast(scheme: string): LowContrast[] {
  type Rgba = [number, number, number, number];
  const parse = (value: string): Rgba => {
    const parts = value.match(/[\d.]+/g)!.map(Number);
    return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
  };
  const over = (top: Rgba, bottom: Rgba): Rgba => {
    const a = top[3];
    return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
  };
  const luminance = ([r, g, b]: Rgba): number => {
    const channel = (c: number) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  // Chromium's canvas when a page leaves the background to the browser.
  const canvas: Rgba = scheme === 'dark' ? [18, 18, 18, 1] : [255, 255, 255, 1];
  const backgroundOf = (element: Element): Rgba => {
    const layers: Rgba[] = [];
    for (let node: Element | null = element; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), canvas);
  };
  const found: LowContrast[] = [];
  for (const element of Array.from(document.body.querySelectorAll('*'))) {
    const ownText = Array.from(element.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('').trim();
    if (!ownText) continue;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    // Hidden on purpose: the preheader, the honeypot field's label, visually hidden headings.
    if (style.visibility === 'hidden' || box.width <= 1 || box.height <= 1 || box.right < 0 || element.closest('[aria-hidden=true]')) continue;
    let opacity = 1;
    for (let node: Element | null = element; node; node = node.parentElement) opacity *= Number(getComputedStyle(node).opacity);
    if (opacity === 0) continue;
    const background = backgroundOf(element);
    const colour = parse(style.color);
    const text = over([colour[0], colour[1], colour[2], colour[3] * opacity], background);
    const [lighter, darker] = [luminance(text), luminance(background)].sort((a, b) => b - a) as [number, number];
    const ratio = (lighter + 0.05) / (darker + 0.05);
    if (ratio < 4.5) found.push({ text: ownText.slice(0, 40), ratio: Math.round(ratio * 100) / 100, colour: style.color, background: `rgb(${background.slice(0, 3).map(Math.round).join(', ')})` });
  }
  return found;
}
