import { PutObjectCommand } from '@aws-sdk/client-s3';
import { FIRST_SEEN_METADATA } from '../../lambdas/content/article';
import { parseArticle } from '../../lambdas/content/parseArticle';
import { renderNewsletter } from '../../lambdas/newsletter/renderNewsletter';
import { subscriberId } from '../../lambdas/subscriptions/subscriberId';
import { verifyToken } from '../../lambdas/subscriptions/tokens';
import { article, s3Event, startHarness, type Harness } from '../helpers/emulatorHarness';
import { PublishRig } from '../helpers/publishRig';
import { deliveriesPerRecipient, header, NewsletterRig, TOKEN_SECRET } from '../helpers/newsletterHarness';
import { testPort } from '../helpers/testPort';

jest.setTimeout(60_000);

const BASE_PORT = testPort(14_870);
const SES_PORT = BASE_PORT + 2;

describe('newsletter delivery against dynalite and the SES emulator', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(BASE_PORT);
  });
  afterAll(async () => harness.stop());

  const rig = async (context: Record<string, unknown> = {}) => new NewsletterRig(harness, SES_PORT, context).setUp();

  it('mails one newsletter to each confirmed subscriber, with one-click unsubscribe headers, and to nobody else', async () => {
    // Prepare
    const r = await rig({ newsletterSubjectPrefix: '[Test] ' });
    const confirmed = await r.seed(120);
    await r.seed(2, 'unsubscribed', 'gone');
    await r.seed(1, 'bounced', 'bounced');
    await r.seed(1, 'complained', 'complained');
    await r.seed(1, 'pending', 'pending');
    const announcement = await r.publish('first-light', article('First Light', '2026-06-01T09:00:00Z'));

    // Act
    const campaign = await r.notifier().handle(announcement);
    await r.deliver();

    // Assess
    expect(campaign).toMatchObject({ id: 'first-light', state: 'sending', recipients: 120, batches: 3 });
    const mails = await r.mailbox();
    expect(mails).toHaveLength(120);
    expect(new Set(mails.map((m) => m.destination.to[0]))).toEqual(new Set(confirmed));
    const mail = mails[0]!;
    expect(mail.subject).toBe('[Test] First Light');
    expect(mail.from).toBe('"Test Site" <news@example.com>');
    expect(mail.replyTo).toEqual(['editor@example.com']);
    expect(header(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const unsubscribe = /^<(https:\/\/blog\.example\.com\/api\/unsubscribe\?token=([\w.-]+))>$/.exec(header(mail, 'List-Unsubscribe') ?? '');
    expect(unsubscribe).not.toBeNull();
    // Each recipient's link unsubscribes that recipient, and it is the one in the footer too.
    expect(verifyToken(unsubscribe![2], 'unsubscribe', TOKEN_SECRET, new Date())).toBe(subscriberId(mail.destination.to[0]!));
    expect(mail.body.html).toContain(`href="${unsubscribe![1]}"`);
    expect(mail.body.text).toContain(unsubscribe![1]);
    expect(await r.campaigns.get('first-light')).toMatchObject({ state: 'done', recipients: 120, sent: 120, failed: 0, suppressed: 0, unknown: 0, batchesDone: 3, endedAt: expect.any(String) });
  });

  it.each([
    ['an article with code, a table, a footnote, an image and a time zone', `---
title: "Borrowing, Explained"
subtitle: Who owns what
date: 2026-06-01T11:00:00+02:00
tags: [rust, Memory Safety]
image: https://blog.example.com/img/borrow.png
authors: [Ada]
---
Ownership in **one** page[^1], with [a link](/posts/other/).

\`\`\`rust
fn main() { let s = String::from("hi"); println!("{s}"); }
\`\`\`

| Rule | Why |
| --- | --- |
| one owner | no double free |

[^1]: A footnote.
`],
    ['an article over the feeds\' item limit, which is stored cut to its summary', `---\ntitle: Very Long\ndate: 2026-06-01T09:00:00Z\n---\n${'A long paragraph of words that goes on and on, as some essays do, and on. '.repeat(4000)}\n`],
  ])('mails %s exactly as rendered from its source', async (_case, markdown) => {
    // Prepare
    const r = await rig();
    const announcement = await r.publish('same-mail', markdown);
    const { article: parsed } = parseArticle({ key: announcement.key, bytes: Buffer.from(markdown) }, { site: r.harness.site, firstSeen: () => ({ date: new Date(announcement.firstPublishedAt), source: 'first-seen time' }) });

    // Act: the notify function reads the stored rendering, never the markdown
    await r.notifier().handle(announcement);

    // Assess: the newsletter notify rendered from its markdown source before
    expect(await r.campaigns.newsletter('same-mail')).toEqual(renderNewsletter(r.harness.site, r.newsletter, parsed));
  });

  it('mails a reader with topics only the articles that have one of them, and readers without topics everything', async () => {
    // Prepare
    const r = await rig();
    const everything = await r.seed(3, 'confirmed', 'all');
    const rust = await r.seed(60, 'confirmed', 'rust', { tags: ['Rust'] });
    const lambda = await r.seed(2, 'confirmed', 'lambda', { tags: ['go', 'AWS Lambda'] });
    const rustArticle = await r.publish('borrowing', article('Borrowing', '2026-06-01T09:00:00Z', 'tags: [rust, memory]\n'));
    const lambdaArticle = await r.publish('cold-starts', article('Cold Starts', '2026-06-01T09:00:00Z', 'tags: [aws-lambda]\n'));
    const untagged = await r.publish('notes', article('Notes', '2026-06-01T09:00:00Z'));

    // Act: pages of 20 readers, so a page may hold nobody the article is for
    for (const announcement of [rustArticle, lambdaArticle, untagged]) await r.notifier({ pageSize: 20 }).handle(announcement);
    await r.deliver();

    // Assess
    const mails = await r.mailbox();
    const to = (subject: string) => mails.filter((m) => m.subject === subject).map((m) => m.destination.to[0]).sort();
    expect(to('Borrowing')).toEqual([...everything, ...rust].sort());
    expect(to('Cold Starts')).toEqual([...everything, ...lambda].sort());
    expect(to('Notes')).toEqual([...everything].sort());
    expect(await r.campaigns.get('borrowing')).toMatchObject({ state: 'done', recipients: 63, sent: 63, audience: { tags: ['rust', 'memory'] } });
    expect(await r.campaigns.get('notes')).toMatchObject({ state: 'done', recipients: 3, sent: 3 });
  });

  it('repeats nothing when the announcement and every batch arrive three times', async () => {
    // Prepare
    const r = await rig();
    await r.seed(60);
    const announcement = await r.publish('echo', article('Echo', '2026-06-01T09:00:00Z'));

    // Act
    for (let i = 0; i < 3; i += 1) await r.notifier().handle(announcement);
    r.queue.duplicate(3);
    await r.deliver();

    // Assess
    const counts = deliveriesPerRecipient(await r.mailbox());
    expect(counts.size).toBe(60);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(await r.campaigns.get('echo')).toMatchObject({ state: 'done', recipients: 60, sent: 60 });
  });

  it.each([
    ['an article dated before the notify window', article('Old News', '2026-05-20T09:00:00Z'), 'too-old'],
    ['an article with notify: false', article('Quiet Update', '2026-06-01T09:00:00Z', 'notify: false\n'), 'notify-off'],
    ['an article turned back into a draft', article('Second Thoughts', '2026-06-01T09:00:00Z', 'draft: true\n'), 'draft'],
  ])('mails nobody for %s', async (_case, markdown, reason) => {
    // Prepare
    const r = await rig();
    await r.seed(3);
    const announcement = await r.publish('skipped', markdown);

    // Act
    const campaign = await r.notifier().handle(announcement);
    await r.deliver();

    // Assess
    expect(campaign).toMatchObject({ state: 'skipped', skipReason: reason });
    expect(r.queue.messages).toHaveLength(0);
    expect(await r.mailbox()).toHaveLength(0);
  });

  it.each([
    ['mails nobody for an undated note herald publish says git first saw years ago (a back catalogue)', { [FIRST_SEEN_METADATA]: '2019-04-01T10:00:00.000Z' }, 'skipped'],
    ['mails an undated note uploaded without a first-seen time, as new', undefined, 'done'],
  ])('%s', async (_case, metadata, state) => {
    // Prepare: published as the publish function does, which dates the note as it is stored
    const r = await rig();
    await r.seed(2);
    const p = await new PublishRig(harness, { entries: r.names.entries, clock: r.clock.now }).setUp();
    await r.harness.s3.send(new PutObjectCommand({ Bucket: p.names.content, Key: 'posts/note.md', Body: 'A note with no front matter\n\nJust text.\n', ...(metadata && { Metadata: metadata }) }));
    await p.events.send([s3Event(p.names.content, 'posts/note.md', 1)]);
    await p.settle();

    // Act
    for (const announcement of p.record.announced) await r.notifier().handle(announcement);
    await r.deliver();

    // Assess
    expect(p.record.announced.map((a) => a.slug)).toEqual(['note']);
    expect((await r.campaigns.get('note'))?.state).toBe(state);
    expect(await r.mailbox()).toHaveLength(state === 'done' ? 2 : 0);
  });

  it.each([
    ['whose stored rendering is gone', { entry: 'entries/gone/gone' }],
    ['taken down before the rebuild announced it (no rendering named)', {}],
  ])('mails nobody for an article removed before its announcement is handled: one %s', async (_case, entry) => {
    // Prepare
    const r = await rig();
    await r.seed(3);

    // Act
    const campaign = await r.notifier().handle({ slug: 'ghost', key: 'posts/ghost.md', url: 'https://blog.example.com/posts/ghost/', firstPublishedAt: r.clock.now().toISOString(), ...entry });

    // Assess
    expect(campaign).toMatchObject({ state: 'skipped', skipReason: 'removed', title: 'ghost' });
    expect(await r.mailbox()).toHaveLength(0);
  });

  it('announces an article once: an edit, a re-upload and a rename mail nobody again', async () => {
    // Prepare
    const r = await rig();
    await r.seed(4);
    const p = await new PublishRig(harness, { entries: r.names.entries, clock: r.clock.now }).setUp();
    const source = article('Once Only', '2026-06-01T09:00:00Z', 'slug: once-only\n');
    await p.upload('posts/once.md', source);
    await p.settle();
    for (const announcement of p.record.announced) await r.notifier().handle(announcement);
    await r.deliver();

    // Act
    await p.upload('posts/once.md', source.replace('body text', 'edited text'));
    await p.settle();
    await p.upload('posts/once.md', source.replace('body text', 'edited text'));
    await p.settle();
    await p.upload('posts/renamed.md', source);
    await p.delete('posts/once.md');
    await p.settle();
    r.clock.advance(60_000); // past the deleted file's grace period
    await p.settle();
    for (const announcement of p.record.announced.slice(1)) await r.notifier().handle(announcement);
    await r.deliver();

    // Assess
    expect(p.record.announced.map((a) => a.slug)).toEqual(['once-only']);
    expect(await p.page('posts/once-only/index.html')).toContain('Once Only');
    expect(await r.mailbox()).toHaveLength(4);
  });

  it('mails a future-dated article when its time comes, not when it is uploaded', async () => {
    // Prepare
    const r = await rig();
    await r.seed(3);
    const p = await new PublishRig(harness, { entries: r.names.entries, clock: r.clock.now }).setUp();

    // Act
    await p.upload('posts/later.md', article('Later On', '2026-06-02T09:00:00Z'));
    await p.settle();
    const announcedAtUpload = p.record.announced.length;
    r.clock.advance(24 * 3_600_000); // 2026-06-02T12:00Z: the article's time has come
    await p.tick();
    await p.settle();
    for (const announcement of p.record.announced) await r.notifier().handle(announcement);
    await r.deliver();

    // Assess
    expect(announcedAtUpload).toBe(0);
    expect(p.record.announced.map((a) => a.slug)).toEqual(['later']);
    expect((await r.mailbox()).filter((m) => m.subject === 'Later On')).toHaveLength(3);
  });

  it('suppresses a subscriber who leaves between the fan-out and their batch, and records SES rejections per recipient', async () => {
    // Prepare
    const r = await rig();
    const [leaver] = await r.seed(3);
    await r.subscribers.importConfirmed({ id: 'bad-address', email: 'not-an-address', status: 'confirmed', source: 'import', createdAt: '2026-05-01T00:00:00Z', updatedAt: '2026-05-01T00:00:00Z' });
    const announcement = await r.publish('late-leaver', article('Late Leaver', '2026-06-01T09:00:00Z'));
    await r.notifier().handle(announcement);

    // Act
    await r.subscribers.transition(subscriberId(leaver!), ['confirmed'], 'unsubscribed', r.clock.now().toISOString());
    await r.deliver();

    // Assess
    expect((await r.mailbox()).map((m) => m.destination.to[0]).sort()).toEqual([`reader1@${r.domain}`, `reader2@${r.domain}`]);
    expect(await r.campaigns.get('late-leaver')).toMatchObject({ state: 'done', recipients: 4, sent: 2, suppressed: 1, failed: 1 });
    const ledger = new Map<string, { state: string; reason?: string }>();
    for await (const d of r.campaigns.listDeliveries('late-leaver')) ledger.set(d.email, d);
    expect(ledger.get(leaver!)).toMatchObject({ state: 'suppressed', reason: 'unsubscribed' });
    expect(ledger.get('not-an-address')).toMatchObject({ state: 'failed', reason: expect.stringContaining('Invalid recipient') });
  });

  it('finishes a campaign with no confirmed subscribers at once', async () => {
    // Prepare
    const r = await rig();
    const announcement = await r.publish('to-nobody', article('To Nobody', '2026-06-01T09:00:00Z'));

    // Act
    const campaign = await r.notifier().handle(announcement);

    // Assess
    expect(campaign).toMatchObject({ state: 'done', recipients: 0, batches: 0 });
  });
});
