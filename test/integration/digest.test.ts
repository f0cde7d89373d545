import { personalise } from '../../lambdas/newsletter/renderNewsletter';
import { article, startHarness, type Harness } from '../helpers/emulatorHarness';
import { deliveriesPerRecipient, NewsletterRig } from '../helpers/newsletterHarness';
import { testPort } from '../helpers/testPort';

jest.setTimeout(60_000);

const BASE_PORT = testPort(15_140);
const SES_PORT = BASE_PORT + 2;
// The rig's clock is Monday 1 June 2026, 12:00 UTC; the default digest goes out Mondays at 08:00 UTC.
const NEXT_MONDAY = '2026-06-08T08:00:00Z';

describe('the weekly digest against dynalite and the SES emulator', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(BASE_PORT);
  });
  afterAll(async () => harness.stop());

  const rig = async (context: Record<string, unknown> = {}) => new NewsletterRig(harness, SES_PORT, context).setUp();

  it('mails a weekly reader nothing at once and one digest of the week\'s articles they chose, with their own links', async () => {
    // Prepare: readers of each article, weekly readers of everything, weekly readers of Rust, and one whose topic never came up
    const r = await rig({ newsletterSubjectPrefix: '[Test] ' });
    const each = await r.seed(2, 'confirmed', 'each');
    const weekly = await r.seed(3, 'confirmed', 'weekly', { cadence: 'weekly' });
    const rust = await r.seed(55, 'confirmed', 'rust', { cadence: 'weekly', tags: ['Rust'] });
    const zig = await r.seed(1, 'confirmed', 'zig', { cadence: 'weekly', tags: ['zig'] });
    const week = [
      await r.publish('borrowing', article('Borrowing', '2026-06-01T09:00:00Z', 'tags: [rust]\nsummary: Who owns what.\nimage: https://blog.example.com/img/borrow.png\n')),
      await r.publish('goroutines', article('Goroutines', '2026-06-01T10:00:00Z', 'tags: [go]\n')),
      await r.publish('notes', article('Notes', '2026-06-01T11:00:00Z')),
    ];

    // Act: the week's articles go out as they are published; the schedule asks for the digest a week later
    for (const announcement of week) await r.notifier().handle(announcement);
    await r.deliver();
    const immediate = await r.mailbox();
    const { at, id } = r.digestFor(NEXT_MONDAY);
    const campaign = await r.notifier({ pageSize: 20 }).digest(at);
    await r.deliver();

    // Assess
    expect(new Set(immediate.map((m) => m.destination.to[0]))).toEqual(new Set(each));
    expect(id).toBe('digest/2026-W24');
    expect(campaign).toMatchObject({ id, state: 'sending', recipients: 58, title: 'Weekly digest 2026-W24: 3 articles' });
    const digests = (await r.mailbox()).filter((m) => m.subject === '[Test] This week at Test Site');
    expect([...deliveriesPerRecipient(digests).values()]).toEqual(Array<number>(58).fill(1));
    expect(new Set(digests.map((m) => m.destination.to[0]))).toEqual(new Set([...weekly, ...rust]));
    expect(digests.some((m) => zig.includes(m.destination.to[0]!))).toBe(false);
    const all = digests.find((m) => m.destination.to[0] === weekly[0])!;
    const rustOnly = digests.find((m) => m.destination.to[0] === rust[0])!;
    expect(all.body.text.match(/^(Borrowing|Goroutines|Notes)$/gm)).toEqual(['Notes', 'Goroutines', 'Borrowing']);
    expect(rustOnly.body.text.match(/^(Borrowing|Goroutines|Notes)$/gm)).toEqual(['Borrowing']);
    expect(rustOnly.body.html).toContain('<img src="https://blog.example.com/img/borrow.png"');
    expect(rustOnly.body.html).toContain('Who owns what.');
    expect(rustOnly.body.html).not.toContain('Goroutines');
    expect(rustOnly.body.text).toMatch(/Choose what you get: https:\/\/blog\.example\.com\/api\/preferences\?token=\S+\nUnsubscribe with one click: https:\/\/blog\.example\.com\/api\/unsubscribe\?token=\S+\n/);
    expect(rustOnly.headers).toEqual(expect.arrayContaining([{ name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' }]));
    expect(await r.campaigns.get(id)).toMatchObject({ state: 'done', recipients: 58, sent: 58, unknown: 0 });
  });

  it('sends each weekly reader one digest however often the schedule asks and the batches repeat', async () => {
    // Prepare
    const r = await rig();
    await r.seed(60, 'confirmed', 'weekly', { cadence: 'weekly' });
    await r.notifier().handle(await r.publish('once', article('Once', '2026-06-01T09:00:00Z')));
    const { at, id } = r.digestFor(NEXT_MONDAY);

    // Act: three requests (a retried schedule, herald digest --now), every batch three times
    for (let i = 0; i < 3; i += 1) await r.notifier().digest(at);
    await r.notifier().digest(new Date('2026-06-03T12:00:00Z')); // the same week, asked for early
    r.queue.duplicate(3);
    await r.deliver();

    // Assess
    const counts = deliveriesPerRecipient(await r.mailbox());
    expect(counts.size).toBe(60);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(await r.campaigns.get(id)).toMatchObject({ state: 'done', recipients: 60, sent: 60 });
  });

  it('sends no digest for a week with nothing new, and puts an article announced after its week\'s digest started into the next', async () => {
    // Prepare
    const r = await rig({ digestDay: 'Wednesday', digestHour: 18, timeZone: 'Europe/Berlin' });
    const readers = await r.seed(2, 'confirmed', 'weekly', { cadence: 'weekly' });
    const late = await r.publish('late', article('Late', '2026-06-01T09:00:00Z'), '2026-06-03T15:59:00Z');

    // Act: the digest of Wednesday 3 June, 18:00 in Berlin (16:00 UTC) goes before the article's announcement is handled
    const first = await r.notifier().digest(new Date('2026-06-03T16:00:00Z'));
    await r.notifier().handle(late);
    const second = await r.notifier().digest(new Date('2026-06-10T16:00:00Z'));
    await r.deliver();

    // Assess
    expect(first).toMatchObject({ id: 'digest/2026-W23', state: 'skipped', skipReason: 'empty-week', recipients: 0 });
    expect(second).toMatchObject({ id: 'digest/2026-W24', recipients: 2 });
    const mails = await r.mailbox();
    expect(mails.map((m) => m.destination.to[0]).sort()).toEqual(readers.sort());
    expect(mails[0]!.body.text).toContain('\nLate\n');
  });

  it('renders each reader\'s articles through SES\'s template engine exactly as personalise shows them', async () => {
    // Prepare
    const r = await rig();
    const [reader] = await r.seed(1, 'confirmed', 'weekly', { cadence: 'weekly', tags: ['b'] });
    for (const [slug, tag] of [['first', 'a'], ['second', 'b'], ['third', 'b']]) {
      await r.notifier().handle(await r.publish(slug!, article(`Title {{ ${slug} }}`, '2026-06-01T09:00:00Z', `tags: [${tag}]\n`)));
    }
    const { at, id } = r.digestFor(NEXT_MONDAY);

    // Act
    await r.notifier().digest(at);
    await r.deliver();

    // Assess: the emulator's Handlebars and the preview agree, braces of the author's included
    const [mail] = await r.mailbox();
    const links = { unsubscribeUrl: /Unsubscribe with one click: (\S+)/.exec(mail!.body.text)![1]!, preferencesUrl: /Choose what you get: (\S+)/.exec(mail!.body.text)![1]! };
    const audience = (await r.campaigns.get(id))!.audience as { digest: string[][] };
    const picks = audience.digest.flatMap((tags, i) => (tags.includes('b') ? [i] : []));
    const expected = personalise((await r.campaigns.newsletter(id))!, links, picks);
    expect(mail!.destination.to).toEqual([reader]);
    expect(picks).toHaveLength(2);
    expect(mail!.body.text).toBe(expected.text);
    expect(mail!.body.text).toContain('Title {{ second }}');
    expect(mail!.body.text).not.toContain('Title {{ first }}');
  });
});
