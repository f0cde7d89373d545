import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { FIRST_SEEN_METADATA } from '../../lambdas/content/article';
import { heraldMessage } from '../../lambdas/publish/contentEvent';
import { article, startHarness, type Harness } from '../helpers/emulatorHarness';
import { PublishRig } from '../helpers/publishRig';
import { testPort } from '../helpers/testPort';

jest.setTimeout(30_000);

describe('Publisher and Rebuilder against s3rver and dynalite', () => {
  let harness: Harness;
  let rig: PublishRig;
  beforeAll(async () => {
    harness = await startHarness(testPort(14_560));
  });
  afterAll(async () => harness.stop());
  beforeEach(async () => {
    rig = await new PublishRig(harness).setUp();
  });

  const feed = () => rig.page('feed.xml');

  it('publishes a new article: page, feeds, archive, and one announcement', async () => {
    // Prepare
    await rig.upload('posts/hello.md', article('Hello'));

    // Act
    await rig.settle();

    // Assess
    expect(rig.record.failed).toEqual([]);
    expect(await rig.page('posts/hello/index.html')).toContain('<h1>Hello</h1>');
    expect(await feed()).toContain('<link>https://blog.example.com/posts/hello/</link>');
    expect(await rig.page('atom.xml')).toContain('Hello');
    expect(await rig.feedTitles()).toEqual(['Hello']);
    expect(await rig.page('index.html')).toContain('Hello');
    expect(rig.record.announced.map((a) => a.slug)).toEqual(['hello']);
  });

  it('names in the announcement the stored rendering that went live, which the newsletter mails', async () => {
    // Prepare
    await rig.upload('posts/hello.md', article('Hello'));

    // Act
    await rig.settle();

    // Assess
    const [announcement] = rig.record.announced;
    const live = (await rig.state.slug('hello'))?.listing?.entry;
    expect(announcement).toMatchObject({ slug: 'hello', key: 'posts/hello.md', entry: live });
    expect(await rig.ports().entries.get(announcement!.entry!)).toMatchObject({ title: 'Hello', html: '<p>Hello body text.</p>\n' });
  });

  it('dates an undated note by the first-seen time herald publish sent, as herald build does', async () => {
    // Prepare: the event S3 would send, for the object with the metadata herald publish writes
    const body = 'An undated note\n\nWritten long ago.\n';
    await rig.upload('notes/old.md', body);
    await rig.harness.s3.send(new PutObjectCommand({ Bucket: rig.names.content, Key: 'notes/old.md', Body: body, Metadata: { [FIRST_SEEN_METADATA]: '2019-04-01T10:00:00.000Z' } }));

    // Act
    await rig.settle();

    // Assess
    const items = JSON.parse((await rig.page('feed.json'))!) as { items: { id: string; date_published: string }[] };
    expect(items.items.find((i) => i.id.endsWith('/posts/old/'))?.date_published).toBe('2019-04-01T10:00:00.000Z');
  });

  it('updates an edited article without announcing it again', async () => {
    // Prepare
    await rig.upload('a.md', article('Before'));
    await rig.settle();

    // Act
    await rig.upload('a.md', article('After'));
    await rig.settle();

    // Assess
    expect(await rig.page('posts/a/index.html')).toContain('After');
    expect(await feed()).not.toContain('Before');
    expect(rig.record.announced).toHaveLength(1);
  });

  it('removes a deleted article from page, feeds and archive once its grace period has passed', async () => {
    // Prepare
    await rig.upload('gone.md', article('Gone'));
    await rig.upload('stays.md', article('Stays'));
    await rig.settle();

    // Act
    await rig.delete('gone.md');
    await rig.settle();
    const duringGrace = await rig.page('posts/gone/index.html');
    rig.advance(31_000);
    await rig.settle();

    // Assess
    expect(duringGrace).toContain('Gone');
    expect(await rig.page('posts/gone/index.html')).toBeUndefined();
    expect(await feed()).not.toContain('Gone');
    expect(await feed()).toContain('Stays');
    expect(await rig.page('index.html')).not.toContain('Gone');
  });

  it('treats a repeated event as a no-op', async () => {
    // Prepare
    await rig.upload('dup.md', article('Dup'));
    const event = rig.events.messages[0]!.body;

    // Act
    await rig.events.send([event, event]);
    await rig.settle();
    await rig.events.send([event]);
    await rig.settle();

    // Assess
    expect(rig.record.announced).toHaveLength(1);
    expect((await rig.state.source('dup.md'))?.v).toBe(1);
    expect(await feed()).toContain('Dup');
  });

  it('does not resurrect a deleted article when a stale create event arrives late', async () => {
    // Prepare
    await rig.upload('late.md', article('Late'));
    const created = rig.events.messages[0]!.body;
    await rig.settle();
    await rig.delete('late.md');
    await rig.settle();
    rig.advance(31_000);
    await rig.settle();

    // Act: the create event arrives again after the delete
    await rig.events.send([created]);
    await rig.settle();

    // Assess
    expect(await rig.page('posts/late/index.html')).toBeUndefined();
    expect(await feed()).not.toContain('Late');
    expect(rig.record.failed).toEqual([]);
  });

  it('keeps the newer version when events for one key arrive out of order', async () => {
    // Prepare
    await rig.upload('order.md', article('Version one'));
    await rig.upload('order.md', article('Version two'));
    rig.events.messages.reverse();

    // Act
    await rig.settle();

    // Assess
    expect(await rig.page('posts/order/index.html')).toContain('Version two');
    expect(await rig.feedTitles()).toEqual(['Version two']);
  });

  it('ends in the right site when 20 articles arrive at once in concurrent batches', async () => {
    // Prepare
    const keys = Array.from({ length: 20 }, (_, i) => `burst/post-${i}.md`);
    for (const [i, key] of keys.entries()) await rig.upload(key, article(`Burst ${i}`, `2026-05-${String(i + 1).padStart(2, '0')}T00:00:00Z`));
    const bodies = rig.events.take().concat(rig.events.take());

    // Act: four publish invocations at once, then the rebuild queue
    await Promise.all([0, 5, 10, 15].map((start) => rig.publisher().publishBatch(bodies.slice(start, start + 5).map((body, i) => ({ id: String(i), body })))));
    await rig.settle();

    // Assess
    expect(await rig.feedTitles()).toEqual(Array.from({ length: 20 }, (_, i) => `Burst ${19 - i}`));
    expect(new Set(rig.record.announced.map((a) => a.slug)).size).toBe(20);
    expect(rig.record.announced).toHaveLength(20);
  });

  it('records a broken article with its reason and still publishes the others', async () => {
    // Prepare
    await rig.upload('broken.md', '---\ntitle: Broken\npublishDate: nope\n---\nBody\n');
    await rig.upload('fine.md', article('Fine'));

    // Act
    await rig.settle();

    // Assess
    expect(rig.record.failed).toEqual([]);
    expect(rig.record.rejected).toEqual([expect.stringMatching(/^broken\.md:3: field "publishDate"/)]);
    expect((await rig.state.source('broken.md'))?.error).toMatch(/not a date/);
    expect(await feed()).toContain('Fine');
  });

  it('keeps the last good version live when an edit breaks an article', async () => {
    // Prepare
    await rig.upload('edit.md', article('Good version'));
    await rig.settle();

    // Act
    await rig.upload('edit.md', '---\ntitle: [unclosed\n---\n');
    await rig.settle();

    // Assess
    expect(await rig.page('posts/edit/index.html')).toContain('Good version');
    expect(await feed()).toContain('Good version');
    expect((await rig.state.source('edit.md'))?.error).toBeDefined();
  });

  it('publishes a scheduled article on the tick after its date, and announces it then', async () => {
    // Prepare
    await rig.upload('soon.md', article('Soon', '2026-06-02T00:00:00Z'));
    await rig.settle();
    expect(await rig.page('posts/soon/index.html')).toBeUndefined();

    // Act
    rig.at('2026-06-02T00:05:00Z');
    await rig.tick();
    await rig.settle();

    // Assess
    expect(await rig.page('posts/soon/index.html')).toContain('Soon');
    expect(await feed()).toContain('Soon');
    expect(rig.record.announced.map((a) => a.slug)).toEqual(['soon']);
  });

  it('withdraws an expired article on the tick', async () => {
    // Prepare
    await rig.upload('brief.md', article('Brief', '2026-05-01T00:00:00Z', 'expiryDate: 2026-06-10T00:00:00Z\n'));
    await rig.settle();

    // Act
    rig.at('2026-06-11T00:00:00Z');
    await rig.tick();
    await rig.settle();

    // Assess
    expect(await rig.page('posts/brief/index.html')).toBeUndefined();
    expect(await feed()).not.toContain('Brief');
  });

  it('lets the key that sorts first own a slug, whatever the order of arrival, and never announces a moved article twice', async () => {
    // Prepare: the file that sorts second arrives first
    await rig.upload('two/same.md', article('Two'));
    await rig.settle();
    await rig.upload('one/same.md', article('One'));
    await rig.settle();
    const firstOwner = await rig.page('posts/same/index.html');

    // Act: one/same.md moves to moved/same.md, which still sorts before two/
    await rig.delete('one/same.md');
    await rig.upload('moved/same.md', article('One, moved'));
    await rig.settle();
    rig.advance(31_000);
    await rig.settle();

    // Assess
    expect(firstOwner).toContain('<h1>One</h1>');
    expect(rig.record.rejected).toContainEqual(expect.stringMatching(/two\/same\.md: slug "same" is already used by one\/same\.md/));
    expect(await rig.page('posts/same/index.html')).toContain('One, moved');
    expect(rig.record.announced.map((a) => a.slug)).toEqual(['same']);
    expect((await rig.state.source('two/same.md'))?.blockedBy).toBe('moved/same.md');
  });

  it('copies page-bundle files beside the page, rebuilds the feeds when one changes, and removes them with it', async () => {
    // Prepare
    await rig.upload('trip/index.md', article('Trip', '2026-05-01T00:00:00Z', 'featuredImage: photo.png\n'));
    await rig.upload('trip/photo.png', new Uint8Array([137, 80, 78, 71, 1, 2, 3]));
    await rig.settle();
    const enclosed = await feed();

    // Act
    await rig.upload('trip/photo.png', new Uint8Array([137, 80, 78, 71, 1, 2, 3, 4, 5]));
    await rig.settle();
    const grown = await feed();
    await rig.delete('trip/index.md');
    await rig.settle();
    rig.advance(31_000);
    await rig.settle();

    // Assess
    expect(enclosed).toContain('<enclosure url="https://blog.example.com/posts/trip/photo.png" length="7" type="image/png"/>');
    expect(grown).toContain('<enclosure url="https://blog.example.com/posts/trip/photo.png" length="9" type="image/png"/>');
    expect(await rig.page('posts/trip/photo.png')).toBeUndefined();
  });

  it('answers an unparsable message with a failure so it is retried and then dead-lettered', async () => {
    // Act
    const { failed } = await rig.publisher().publishBatch([{ id: 'poison', body: 'not json' }]);

    // Assess
    expect(failed).toEqual(['poison']);
    expect(rig.record.failed).toHaveLength(1);
  });

  it('writes a redirect at each Hugo alias, carrying its target for the 301, and removes one the article no longer names', async () => {
    // Prepare
    await rig.upload('posts/aliased.md', article('Aliased', '2026-05-01T10:00:00Z', 'aliases: [/2019/old-name/, older]\n'));
    await rig.settle();
    const head = async (path: string) => {
      try {
        return (await harness.s3.send(new HeadObjectCommand({ Bucket: rig.names.site, Key: path }))).Metadata?.location;
      } catch {
        return undefined;
      }
    };
    const before = [await head('2019/old-name/index.html'), await head('posts/older/index.html')];

    // Act
    await rig.upload('posts/aliased.md', article('Aliased', '2026-05-01T10:00:00Z', 'aliases: [older]\n'));
    await rig.settle();

    // Assess
    expect(before).toEqual(['/posts/aliased/', '/posts/aliased/']);
    expect(await rig.page('2019/old-name/index.html')).toBeUndefined();
    expect(await head('posts/older/index.html')).toBe('/posts/aliased/');
  });

  it('rejects an article over the render budget with its reason, and keeps publishing the others', async () => {
    // Prepare: a budget no rendering meets
    const strict = { ...harness.site, renderBudgetMs: 0 };
    await rig.upload('slow.md', article('Slow'));

    // Act
    await rig.settle(() => ({ publisher: rig.publisher({ site: strict }), rebuilder: rig.rebuilder() }));

    // Assess
    expect(rig.record.rejected).toEqual([expect.stringMatching(/^slow\.md: rendering took \d+\.\d s, over the 0\.0 s budget \(renderBudgetMs\)/)]);
    expect((await rig.state.source('slow.md'))?.state).toBe('rejected');
    expect(await rig.page('posts/slow/index.html')).toBeUndefined();
  });

  it('re-renders every page, a page of 25 at a time, when a deploy changes the site settings', async () => {
    // Prepare: 30 articles under the old title
    for (let i = 0; i < 30; i += 1) await rig.upload(`posts/r${i}.md`, article(`Article ${i}`, `2026-04-${String(i + 1).padStart(2, '0')}T00:00:00Z`));
    await rig.settle();
    await rig.tick();
    await rig.settle();
    const versionBefore = (await rig.state.renderState()).version;
    const retitled = { ...harness.site, title: 'Renamed Site' };
    const functions = () => ({ publisher: rig.publisher({ site: retitled }), rebuilder: rig.rebuilder({ site: retitled }) });

    // Act: the first tick after the deploy
    await rig.tick();
    const rerenderPages: string[] = [];
    const send = rig.events.send.bind(rig.events);
    rig.events.send = async (bodies, delay) => {
      rerenderPages.push(...bodies.filter((b) => b.includes('herald.rerender')));
      return send(bodies, delay);
    };
    await rig.settle(functions);

    // Assess
    const pages = await Promise.all(Array.from({ length: 30 }, (_, i) => rig.page(`posts/r${i}/index.html`)));
    expect(pages.filter((p) => !p?.includes('Renamed Site'))).toEqual([]);
    expect(await rig.page('index.html')).toContain('Renamed Site');
    expect(rerenderPages).toHaveLength(1); // 30 articles: the first page of 25, then the rest
    expect((await rig.state.renderState()).version).not.toBe(versionBefore);
    expect(rig.record.announced).toHaveLength(30);
  });

  it('re-renders every page on demand even when none is stale', async () => {
    // Prepare
    await rig.upload('posts/again.md', article('Again'));
    await rig.settle();
    const before = (await rig.state.source('posts/again.md'))!.v;

    // Act
    await rig.events.send([heraldMessage({ source: 'herald.rerender', all: true })]);
    await rig.settle();

    // Assess
    expect((await rig.state.source('posts/again.md'))!.v).toBe(before + 1);
    expect(await rig.page('posts/again/index.html')).toContain('Again');
    expect(rig.record.announced).toHaveLength(1);
  });
});
