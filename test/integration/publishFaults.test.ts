import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { heraldMessage } from '../../lambdas/publish/contentEvent';
import { article, put, startHarness, type Harness } from '../helpers/emulatorHarness';
import { deliveriesPerRecipient, NewsletterRig } from '../helpers/newsletterHarness';
import { PublishRig } from '../helpers/publishRig';
import { testPort } from '../helpers/testPort';

jest.setTimeout(600_000);

const BASE_PORT = testPort(14_900);
const SES_PORT = BASE_PORT + 2;
const READERS = 3;

/** Thrown in place of a Lambda that dies: the work before it happened, nothing after. */
class Crash extends Error {}

/** One crash point, counted across every port of one kind of function, over all its invocations. */
interface Fault {
  calls: number;
  readonly crashAt: number;
  crashed?: string;
}

/**
 * Wraps a port so that the `crashAt`-th completed call (counted on `fault`)
 * throws after it took effect, and every later call of the same invocation
 * (`life`) throws too, as nothing runs after a process dies.
 */
function crashing<T extends object>(target: T, name: string, fault: Fault, life: { dead: boolean }): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (life.dead) throw new Crash('the invocation is dead');
        const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(object, args);
        fault.calls += 1;
        if (fault.calls === fault.crashAt) {
          fault.crashed = `${name}.${String(property)}`;
          life.dead = true;
          throw new Crash(`crash after ${fault.crashed}`);
        }
        return result;
      };
    },
  });
}

// A seeded generator, so a failing run can be repeated exactly.
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** What the site must show at the end: live articles by slug, redirects from old slugs. */
interface Expected {
  readonly live: Readonly<Record<string, string>>;
  readonly redirects?: Readonly<Record<string, string>>;
  /** Slugs whose first publication must reach every reader exactly once. */
  readonly announced: readonly string[];
  /** Titles on each tag's pages and feeds, by tag slug; no other tag may have pages. */
  readonly tags?: Readonly<Record<string, readonly string[]>>;
  /** Titles on each month page (`YYYY-MM`), when the test says; otherwise each live title is on exactly one. */
  readonly months?: Readonly<Record<string, readonly string[]>>;
}

// The titles a listing page (home, month, tag) lists, in its order.
function listedTitles(page: string | undefined): string[] {
  const list = /<ol class="posts">([\s\S]*?)<\/ol>/.exec(page ?? '')?.[1] ?? '';
  return [...list.matchAll(/<h2><a href="[^"]*">([^<]*)<\/a><\/h2>/g)].map((m) => m[1]!);
}

describe('publishing under faults', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(BASE_PORT);
  });
  afterAll(async () => harness.stop());

  async function rigs(): Promise<{ publish: PublishRig; mail: NewsletterRig }> {
    const mail = await new NewsletterRig(harness, SES_PORT).setUp();
    await mail.seed(READERS);
    const publish = await new PublishRig(harness, { entries: mail.names.entries, start: mail.clock.now() }).setUp();
    return { publish, mail };
  }

  /**
   * Every live article's page, the feeds and the archive hold exactly what is
   * expected; old slugs redirect; each first publication was announced (more
   * than once only as the at-least-once announcer allows), and the newsletter
   * mailed every reader exactly once per article.
   */
  async function expectSite({ publish, mail }: { publish: PublishRig; mail: NewsletterRig }, expected: Expected, context: string): Promise<void> {
    const titles = Object.values(expected.live);
    for (const [slug, title] of Object.entries(expected.live)) {
      expect({ context, slug, page: await publish.page(`posts/${slug}/index.html`) }).toEqual({ context, slug, page: expect.stringContaining(`<h1>${title}</h1>`) });
    }
    const pages = (await publish.ports().output.list('posts/')).filter((o) => o.key.endsWith('/index.html')).map((o) => o.key.split('/')[1]);
    expect({ context, pages: pages.sort() }).toEqual({ context, pages: [...Object.keys(expected.live), ...Object.keys(expected.redirects ?? {})].sort() });
    for (const [from, to] of Object.entries(expected.redirects ?? {})) {
      const head = await harness.s3.send(new HeadObjectCommand({ Bucket: publish.names.site, Key: `posts/${from}/index.html` }));
      expect({ context, from, location: head.Metadata?.location }).toEqual({ context, from, location: `/posts/${to}/` });
    }
    expect({ context, feed: (await publish.feedTitles()).sort() }).toEqual({ context, feed: [...titles].sort() });
    const archive = (await publish.page('index.html')) ?? '';
    expect({ context, archived: titles.filter((t) => !archive.includes(t)) }).toEqual({ context, archived: [] });
    for (const file of ['feed.xml', 'atom.xml']) {
      const feed = (await publish.page(file)) ?? '';
      expect({ context, file, missing: titles.filter((t) => !feed.includes(t)) }).toEqual({ context, file, missing: [] });
    }
    await expectListings(publish, expected, context);

    const announced = publish.record.announced.map((a) => a.slug);
    expect({ context, announced: [...new Set(announced)].sort() }).toEqual({ context, announced: [...expected.announced].sort() });
    await newsletters({ publish, mail });
    const perReader = deliveriesPerRecipient(await mail.mailbox());
    expect({ context, mails: perReader.size, most: Math.max(0, ...perReader.values()) }).toEqual({ context, mails: expected.announced.length * READERS, most: 1 });
  }

  /**
   * The archive's month pages and every tag's pages and feeds: each live
   * article on exactly one month page (the one the test names, when it
   * does), each month page linked from the home page with its sitemap in
   * the index, and exactly the expected tags with exactly their articles,
   * on the tag page, its three feeds and its month pages.
   */
  async function expectListings(publish: PublishRig, expected: Expected, context: string): Promise<void> {
    const keys = async (prefix: string) => (await publish.ports().output.list(prefix)).map((o) => o.key).sort();
    const home = (await publish.page('index.html')) ?? '';
    const sitemap = (await publish.page('sitemap.xml')) ?? '';
    const monthPages = (await keys('archive/')).filter((k) => /^archive\/\d{4}\/\d{2}\/index\.html$/.test(k));
    const months: Record<string, string[]> = {};
    for (const key of monthPages) {
      const month = key.slice('archive/'.length, 'archive/YYYY/MM'.length).replace('/', '-');
      months[month] = listedTitles(await publish.page(key)).sort();
      expect({ context, month, linked: home.includes(`/archive/${month.replace('-', '/')}/`), mapped: sitemap.includes(`/archive/${month.replace('-', '/')}/sitemap.xml`) }).toEqual({ context, month, linked: true, mapped: true });
    }
    if (expected.months) {
      expect({ context, months }).toEqual({ context, months: Object.fromEntries(Object.entries(expected.months).map(([m, t]) => [m, [...t].sort()])) });
    } else {
      expect({ context, monthly: Object.values(months).flat().sort() }).toEqual({ context, monthly: Object.values(expected.live).sort() });
    }
    expect({ context, sitemaps: (await keys('archive/')).filter((k) => k.endsWith('/sitemap.xml') && k !== 'archive/sitemap.xml').length }).toEqual({ context, sitemaps: monthPages.length });

    const tags = expected.tags ?? {};
    const tagFiles = await keys('tags/');
    expect({ context, tags: [...new Set(tagFiles.map((k) => k.split('/')[1]))].sort() }).toEqual({ context, tags: Object.keys(tags).sort() });
    for (const [tag, tagTitles] of Object.entries(tags)) {
      const want = [...tagTitles].sort();
      const feed = JSON.parse((await publish.page(`tags/${tag}/feed.json`)) ?? '{"items":[]}') as { items: { title: string }[] };
      const rss = (await publish.page(`tags/${tag}/feed.xml`)) ?? '';
      const atom = (await publish.page(`tags/${tag}/atom.xml`)) ?? '';
      const inMonths = [];
      for (const key of tagFiles.filter((k) => new RegExp(`^tags/${tag}/\\d{4}/\\d{2}/index\\.html$`).test(k))) inMonths.push(...listedTitles(await publish.page(key)));
      expect({ context, tag, page: listedTitles(await publish.page(`tags/${tag}/index.html`)).sort(), feed: feed.items.map((i) => i.title).sort(), months: inMonths.sort(), rss: want.every((t) => rss.includes(t)), atom: want.every((t) => atom.includes(t)) })
        .toEqual({ context, tag, page: want, feed: want, months: want, rss: true, atom: true });
    }
  }

  // The newsletter takes each announcement as the notify function would, soon after it is made.
  const handed = new WeakMap<PublishRig, number>();
  async function newsletters({ publish, mail }: { publish: PublishRig; mail: NewsletterRig }): Promise<void> {
    for (const announcement of publish.record.announced.slice(handed.get(publish) ?? 0)) await mail.notifier().handle(announcement);
    handed.set(publish, publish.record.announced.length);
    await mail.deliver();
  }

  // Runs `workload` once per crash point of one function until a run ends before reaching it.
  async function crashAfterEveryStep(
    target: 'publisher' | 'rebuilder',
    workload: (rig: { publish: PublishRig; mail: NewsletterRig }, settle: () => Promise<void>) => Promise<void>,
    expected: Expected,
  ): Promise<string[]> {
    const steps: string[] = [];
    for (let crashAt = 1; ; crashAt += 1) {
      const rig = await rigs();
      const fault: Fault = { calls: 0, crashAt };
      const settle = () => rig.publish.settle(() => {
        const life = { dead: false };
        const wrap = <T extends object>(port: T, name: string) => crashing(port, name, fault, life);
        const ports = rig.publish.ports();
        const dying = { content: wrap(ports.content, 'content'), entries: wrap(ports.entries, 'entries'), state: wrap(ports.state, 'state') };
        if (target === 'publisher') {
          return { publisher: rig.publish.publisher({ ...dying, rebuilds: wrap(rig.publish.rebuilds, 'rebuilds'), events: wrap(rig.publish.events, 'events') }), rebuilder: rig.publish.rebuilder() };
        }
        const announcer = wrap({ announce: async (event: (typeof rig.publish.record.announced)[number]) => void rig.publish.record.announced.push(event) }, 'announcer');
        return { publisher: rig.publish.publisher(), rebuilder: rig.publish.rebuilder({ ...dying, output: wrap(ports.output, 'output'), announcer }) };
      });
      await workload(rig, settle);
      await expectSite(rig, expected, `crash after step ${crashAt}: ${fault.crashed ?? 'none'}`);
      if (!fault.crashed) return steps;
      steps.push(fault.crashed);
    }
  }

  // Two new articles, one a page bundle with its featured image, handled in one batch.
  async function firstPublications({ publish }: { publish: PublishRig }, settle: () => Promise<void>): Promise<void> {
    await publish.upload('posts/hello.md', article('Hello', '2026-06-01T09:00:00Z', 'tags: [News]\n'));
    await publish.upload('trip/index.md', article('Trip', '2026-06-01T10:00:00Z', 'featuredImage: photo.png\ntags: [News, Travel Notes]\n'));
    await publish.upload('trip/photo.png', new Uint8Array([137, 80, 78, 71, 1, 2, 3]));
    await settle();
  }
  const firstExpected: Expected = { live: { hello: 'Hello', trip: 'Trip' }, announced: ['hello', 'trip'], tags: { news: ['Hello', 'Trip'], 'travel-notes': ['Trip'] }, months: { '2026-06': ['Hello', 'Trip'] } };

  it('finishes every first publication when the publish function dies after any one of its steps', async () => {
    // Act
    const steps = await crashAfterEveryStep('publisher', firstPublications, firstExpected);

    // Assess: every kind of step was a crash point
    expect(steps.length).toBeGreaterThan(10);
    expect(new Set(steps.map((s) => s.split('.')[0]))).toEqual(new Set(['state', 'content', 'entries', 'rebuilds']));
  });

  it('finishes every page, feed and announcement when the rebuild dies after any one of its steps', async () => {
    // Act
    const steps = await crashAfterEveryStep('rebuilder', firstPublications, firstExpected);

    // Assess
    expect(steps.length).toBeGreaterThan(20);
    expect(steps).toEqual(expect.arrayContaining(['output.put', 'output.copyFromContent', 'state.markApplied', 'state.addAnnouncement', 'announcer.announce', 'state.removeAnnouncement']));
  });

  it('moves an article to another month and off a tag, and takes down what is left empty, when the rebuild dies after any one of its steps', async () => {
    // Prepare: two articles on two tags in May and June; then the June one moves to May and leaves a tag nobody else has
    const moves = async ({ publish }: { publish: PublishRig }, settle: () => Promise<void>) => {
      await publish.upload('posts/hello.md', article('Hello', '2026-06-01T09:00:00Z', 'tags: [News, Travel Notes]\n'));
      await publish.upload('posts/other.md', article('Other', '2026-05-30T09:00:00Z', 'tags: [News]\n'));
      await publish.settle();
      await publish.upload('posts/hello.md', article('Hello again', '2026-05-31T09:00:00Z', 'tags: [News]\n'));
      await settle();
    };

    // Act
    const steps = await crashAfterEveryStep('rebuilder', moves, {
      live: { hello: 'Hello again', other: 'Other' },
      announced: ['hello', 'other'],
      tags: { news: ['Hello again', 'Other'] },
      months: { '2026-05': ['Hello again', 'Other'] },
    });

    // Assess: a crash after the journal, between the tag listings and the slug, among the removals (written side by side,
    // so which of them ends at a given step varies) and between the pages and the months
    expect(steps).toEqual(expect.arrayContaining(['state.saveJournal', 'state.shelve', 'state.unshelve', 'state.saveSlug', 'output.remove', 'state.saveMonths']));
  });

  it('re-drives what lost events left behind when reconcile dies after any one of its steps', async () => {
    // Prepare: objects whose events were lost (dead-lettered, or a killed local stack)
    const lost = async ({ publish }: { publish: PublishRig }, settle: () => Promise<void>) => {
      await put(harness.s3, publish.names.content, 'posts/lost.md', article('Lost', '2026-06-01T08:00:00Z'));
      await put(harness.s3, publish.names.content, 'posts/found.md', article('Found', '2026-06-01T07:00:00Z'));
      await publish.events.send([heraldMessage({ source: 'herald.reconcile' })]);
      await settle();
    };

    // Act
    const steps = await crashAfterEveryStep('publisher', lost, { live: { lost: 'Lost', found: 'Found' }, announced: ['lost', 'found'] });

    // Assess
    expect(steps).toEqual(expect.arrayContaining(['content.listPage', 'state.sources', 'events.send']));
  });

  it('ends right when every event comes three times, in any order, over concurrent batches', async () => {
    // Prepare
    const rig = await rigs();
    const { publish } = rig;
    const random = seeded(11);
    await publish.upload('posts/one.md', article('One', '2026-06-01T01:00:00Z'));
    await publish.upload('posts/two.md', article('Two', '2026-06-01T02:00:00Z'));
    await publish.upload('posts/one.md', article('One, edited', '2026-06-01T01:00:00Z'));
    await publish.upload('posts/three.md', article('Three', '2026-06-01T03:00:00Z'));
    await publish.upload('bundle/index.md', article('Bundle', '2026-06-01T04:00:00Z', 'featuredImage: a.png\n'));
    await publish.upload('bundle/a.png', new Uint8Array([137, 80, 78, 71, 9]));
    await publish.delete('posts/three.md');
    const events = publish.events.messages.map((m) => m.body);
    publish.events.messages = [];

    // Act: every event three times, shuffled, in four batches handled at once
    const shuffled = shuffle([...events, ...events, ...events], random);
    const batches = [0, 1, 2, 3].map((b) => shuffled.filter((_, i) => i % 4 === b));
    await Promise.all(batches.map((bodies) => publish.publisher().publishBatch(bodies.map((body, i) => ({ id: String(i), body })))));
    await publish.settle();
    publish.advance(31_000); // past the grace of the deleted file
    await publish.tick();
    await publish.settle();

    // Assess
    await expectSite(rig, { live: { one: 'One, edited', two: 'Two', bundle: 'Bundle' }, announced: ['one', 'two', 'bundle'] }, 'repeated and reordered');
    expect(publish.rebuilds.dropped).toBeGreaterThan(0);
  });

  it.each([
    ['the new key first', ['upload', 'delete']],
    ['the delete first', ['delete', 'upload']],
  ])('treats a move that keeps the slug as an edit, with %s', async (_name, order) => {
    // Prepare
    const rig = await rigs();
    const { publish } = rig;
    await publish.upload('posts/moving.md', article('Moving', '2026-06-01T05:00:00Z'));
    await publish.settle();
    await newsletters(rig);
    const before = JSON.parse((await publish.page('feed.json'))!) as { items: { id: string }[] };

    // Act: each event in its own batch, the page checked between them
    const seen: (string | undefined)[] = [];
    for (const step of order) {
      if (step === 'upload') await publish.upload('notes/moving.md', article('Moving', '2026-06-01T05:00:00Z'));
      else await publish.delete('posts/moving.md');
      await publish.settle();
      seen.push(await publish.page('posts/moving/index.html'));
    }
    publish.advance(31_000);
    await publish.tick();
    await publish.settle();

    // Assess
    expect(seen.every((page) => page?.includes('<h1>Moving</h1>'))).toBe(true);
    await expectSite(rig, { live: { moving: 'Moving' }, announced: ['moving'] }, `move, ${order.join(' then ')}`);
    const after = JSON.parse((await publish.page('feed.json'))!) as { items: { id: string }[] };
    expect(after.items.map((i) => i.id)).toEqual(before.items.map((i) => i.id));
    expect((await publish.state.slug('moving'))?.owner).toBe('notes/moving.md');
  });

  it('treats a slug change as an edit: no second newsletter, the old URL redirects, the feed id stays the first permalink', async () => {
    // Prepare
    const rig = await rigs();
    const { publish } = rig;
    await publish.upload('posts/renamed.md', article('Renamed', '2026-06-01T06:00:00Z', 'slug: first-name\n'));
    await publish.settle();
    await newsletters(rig);

    // Act: two slug changes in a row
    await publish.upload('posts/renamed.md', article('Renamed', '2026-06-01T06:00:00Z', 'slug: second-name\n'));
    await publish.settle();
    await publish.upload('posts/renamed.md', article('Renamed', '2026-06-01T06:00:00Z', 'slug: third-name\n'));
    await publish.settle();

    // Assess
    await expectSite(rig, { live: { 'third-name': 'Renamed' }, redirects: { 'first-name': 'third-name', 'second-name': 'third-name' }, announced: ['first-name'] }, 'slug change');
    const feed = JSON.parse((await publish.page('feed.json'))!) as { items: { id: string; url: string }[] };
    expect(feed.items).toEqual([expect.objectContaining({ id: 'https://blog.example.com/posts/first-name/', url: 'https://blog.example.com/posts/third-name/' })]);
    expect(await publish.page('feed.xml')).toContain('<guid isPermaLink="false">https://blog.example.com/posts/first-name/</guid>');
  });

  it('gives a slug to the key that sorts first whatever the order, and to the next one when it is freed', async () => {
    // Prepare
    const rig = await rigs();
    const { publish } = rig;

    // Act: the key that sorts last arrives first, then the first, then the first goes
    await publish.upload('zz/clash.md', article('Later key', '2026-06-01T07:00:00Z'));
    await publish.settle();
    await publish.upload('aa/clash.md', article('Earlier key', '2026-06-01T07:00:00Z'));
    await publish.settle();
    const whileBoth = await publish.page('posts/clash/index.html');
    await publish.delete('aa/clash.md');
    await publish.settle();
    publish.advance(31_000);
    await publish.tick();
    await publish.settle();

    // Assess
    expect(whileBoth).toContain('<h1>Earlier key</h1>');
    await expectSite(rig, { live: { clash: 'Later key' }, announced: ['clash'] }, 'collision');
  });
});
