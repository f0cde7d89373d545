import { DynamoArticleState } from '../../lambdas/adapters/dynamoArticleState';
import { article, freshNames, put, read, remove, s3Event, startHarness, testPublisher, type Harness, type Names } from '../helpers/emulatorHarness';
import { testPort } from '../helpers/testPort';

jest.setTimeout(30_000);

describe('Publisher against s3rver and dynalite', () => {
  let harness: Harness;
  let names: Names;
  beforeAll(async () => {
    harness = await startHarness(testPort(14_560));
  });
  afterAll(async () => harness.stop());
  beforeEach(async () => {
    names = await freshNames(harness);
  });

  const feed = () => read(harness.s3, names.site, 'feed.xml');

  it('publishes a new article: page, feeds, archive, and one announcement', async () => {
    // Prepare
    const { publisher, recorded } = testPublisher(harness, names);
    await put(harness.s3, names.content, 'posts/hello.md', article('Hello'));

    // Act
    const { failed } = await publisher.publishBatch([{ id: 'm1', body: s3Event(names.content, 'posts/hello.md', 1) }]);

    // Assess
    expect(failed).toEqual([]);
    expect(await read(harness.s3, names.site, 'posts/hello/index.html')).toContain('<h1>Hello</h1>');
    expect(await feed()).toContain('<link>https://blog.example.com/posts/hello/</link>');
    expect(await read(harness.s3, names.site, 'atom.xml')).toContain('Hello');
    expect(JSON.parse((await read(harness.s3, names.site, 'feed.json'))!).items).toHaveLength(1);
    expect(await read(harness.s3, names.site, 'index.html')).toContain('Hello');
    expect(recorded.announced.map((a) => a.slug)).toEqual(['hello']);
  });

  it('updates an edited article without announcing it again', async () => {
    // Prepare
    const { publisher, recorded } = testPublisher(harness, names);
    await put(harness.s3, names.content, 'a.md', article('Before'));
    await publisher.publishBatch([{ id: '1', body: s3Event(names.content, 'a.md', 1) }]);

    // Act
    await put(harness.s3, names.content, 'a.md', article('After'));
    await publisher.publishBatch([{ id: '2', body: s3Event(names.content, 'a.md', 2) }]);

    // Assess
    expect(await read(harness.s3, names.site, 'posts/a/index.html')).toContain('After');
    expect(await feed()).not.toContain('Before');
    expect(recorded.announced).toHaveLength(1);
  });

  it('removes a deleted article from page, feeds and archive', async () => {
    // Prepare
    const { publisher } = testPublisher(harness, names);
    await put(harness.s3, names.content, 'gone.md', article('Gone'));
    await put(harness.s3, names.content, 'stays.md', article('Stays'));
    await publisher.publishBatch([{ id: '1', body: s3Event(names.content, 'gone.md', 1) }, { id: '2', body: s3Event(names.content, 'stays.md', 1) }]);

    // Act
    await remove(harness.s3, names.content, 'gone.md');
    await publisher.publishBatch([{ id: '3', body: s3Event(names.content, 'gone.md', 2, 'ObjectRemoved:Delete') }]);

    // Assess
    expect(await read(harness.s3, names.site, 'posts/gone/index.html')).toBeUndefined();
    expect(await feed()).not.toContain('Gone');
    expect(await feed()).toContain('Stays');
    expect(await read(harness.s3, names.site, 'index.html')).not.toContain('Gone');
  });

  it('treats a repeated event as a no-op', async () => {
    // Prepare
    const { publisher, recorded } = testPublisher(harness, names);
    await put(harness.s3, names.content, 'dup.md', article('Dup'));
    const body = s3Event(names.content, 'dup.md', 7);

    // Act
    for (let i = 0; i < 3; i++) await publisher.publishBatch([{ id: String(i), body }]);

    // Assess
    expect(recorded.announced).toHaveLength(1);
    expect(await feed()).toContain('Dup');
  });

  it('does not resurrect a deleted article when a stale create event arrives late', async () => {
    // Prepare
    const { publisher, recorded } = testPublisher(harness, names);
    await put(harness.s3, names.content, 'late.md', article('Late'));
    await publisher.publishBatch([{ id: '1', body: s3Event(names.content, 'late.md', 1) }]);
    await remove(harness.s3, names.content, 'late.md');
    await publisher.publishBatch([{ id: '2', body: s3Event(names.content, 'late.md', 3, 'ObjectRemoved:Delete') }]);

    // Act: the create event of sequence 2 (an edit in between) arrives after the delete
    await publisher.publishBatch([{ id: '3', body: s3Event(names.content, 'late.md', 2) }]);

    // Assess
    expect(await read(harness.s3, names.site, 'posts/late/index.html')).toBeUndefined();
    expect(await feed()).not.toContain('Late');
    expect(recorded.failed).toEqual([]);
  });

  it('keeps the newer version when events for one key arrive out of order', async () => {
    // Prepare
    const { publisher } = testPublisher(harness, names);
    await put(harness.s3, names.content, 'order.md', article('Version two'));

    // Act: event 2 first, then the older event 1
    await publisher.publishBatch([{ id: 'b', body: s3Event(names.content, 'order.md', 2) }]);
    await publisher.publishBatch([{ id: 'a', body: s3Event(names.content, 'order.md', 1) }]);

    // Assess
    const record = await new DynamoArticleState(harness.db, names.table).get('order.md');
    expect(record?.sequencer).toMatch(/2$/);
    expect(await read(harness.s3, names.site, 'posts/order/index.html')).toContain('Version two');
  });

  it('ends in the right site when 20 articles arrive at once in concurrent batches', async () => {
    // Prepare
    const { publisher, recorded } = testPublisher(harness, names);
    const keys = Array.from({ length: 20 }, (_, i) => `burst/post-${i}.md`);
    await Promise.all(keys.map((key, i) => put(harness.s3, names.content, key, article(`Burst ${i}`, `2026-05-${String(i + 1).padStart(2, '0')}T00:00:00Z`))));

    // Act
    await Promise.all(keys.map((key, i) => publisher.publishBatch([{ id: key, body: s3Event(names.content, key, i + 1) }])));
    await publisher.rebuildShared();

    // Assess
    const json = JSON.parse((await read(harness.s3, names.site, 'feed.json'))!) as { items: { title: string }[] };
    expect(json.items.map((i) => i.title)).toEqual(Array.from({ length: 20 }, (_, i) => `Burst ${19 - i}`));
    expect(new Set(recorded.announced.map((a) => a.slug)).size).toBe(20);
    expect(recorded.announced).toHaveLength(20);
  });

  it('records a broken article with its reason and still publishes the others', async () => {
    // Prepare
    const { publisher, recorded } = testPublisher(harness, names);
    await put(harness.s3, names.content, 'broken.md', '---\ntitle: Broken\npublishDate: nope\n---\nBody\n');
    await put(harness.s3, names.content, 'fine.md', article('Fine'));

    // Act
    const { failed } = await publisher.publishBatch([
      { id: '1', body: s3Event(names.content, 'broken.md', 1) },
      { id: '2', body: s3Event(names.content, 'fine.md', 1) },
    ]);

    // Assess
    expect(failed).toEqual([]);
    expect(recorded.rejected).toEqual([expect.stringMatching(/^broken\.md:3: field "publishDate"/)]);
    expect((await new DynamoArticleState(harness.db, names.table).get('broken.md'))?.error).toMatch(/not a date/);
    expect(await feed()).toContain('Fine');
  });

  it('keeps the last good version live when an edit breaks an article', async () => {
    // Prepare
    const { publisher } = testPublisher(harness, names);
    await put(harness.s3, names.content, 'edit.md', article('Good version'));
    await publisher.publishBatch([{ id: '1', body: s3Event(names.content, 'edit.md', 1) }]);

    // Act
    await put(harness.s3, names.content, 'edit.md', '---\ntitle: [unclosed\n---\n');
    await publisher.publishBatch([{ id: '2', body: s3Event(names.content, 'edit.md', 2) }]);

    // Assess
    expect(await read(harness.s3, names.site, 'posts/edit/index.html')).toContain('Good version');
    expect(await feed()).toContain('Good version');
  });

  it('publishes a scheduled article on the tick after its date, and announces it then', async () => {
    // Prepare
    let now = new Date('2026-06-01T00:00:00Z');
    const { publisher, recorded } = testPublisher(harness, names, () => now);
    await put(harness.s3, names.content, 'soon.md', article('Soon', '2026-06-02T00:00:00Z'));
    await publisher.publishBatch([{ id: '1', body: s3Event(names.content, 'soon.md', 1) }]);
    expect(await read(harness.s3, names.site, 'posts/soon/index.html')).toBeUndefined();

    // Act
    now = new Date('2026-06-02T00:05:00Z');
    await publisher.publishBatch([{ id: 't', body: JSON.stringify({ source: 'herald.schedule' }) }]);

    // Assess
    expect(await read(harness.s3, names.site, 'posts/soon/index.html')).toContain('Soon');
    expect(await feed()).toContain('Soon');
    expect(recorded.announced.map((a) => a.slug)).toEqual(['soon']);
  });

  it('withdraws an expired article on the tick', async () => {
    // Prepare
    let now = new Date('2026-06-01T00:00:00Z');
    const { publisher } = testPublisher(harness, names, () => now);
    await put(harness.s3, names.content, 'brief.md', article('Brief', '2026-05-01T00:00:00Z', 'expiryDate: 2026-06-10T00:00:00Z\n'));
    await publisher.publishBatch([{ id: '1', body: s3Event(names.content, 'brief.md', 1) }]);

    // Act
    now = new Date('2026-06-11T00:00:00Z');
    await publisher.publishBatch([{ id: 't', body: JSON.stringify({ source: 'herald.schedule' }) }]);

    // Assess
    expect(await read(harness.s3, names.site, 'posts/brief/index.html')).toBeUndefined();
    expect(await feed()).not.toContain('Brief');
  });

  it('rejects a second file claiming a taken slug and never announces a renamed article twice', async () => {
    // Prepare
    const { publisher, recorded } = testPublisher(harness, names);
    await put(harness.s3, names.content, 'one/same.md', article('One'));
    await put(harness.s3, names.content, 'two/same.md', article('Two'));

    // Act
    await publisher.publishBatch([{ id: '1', body: s3Event(names.content, 'one/same.md', 1) }, { id: '2', body: s3Event(names.content, 'two/same.md', 1) }]);
    await remove(harness.s3, names.content, 'one/same.md');
    await put(harness.s3, names.content, 'moved/same.md', article('One, moved'));
    await publisher.publishBatch([{ id: '3', body: s3Event(names.content, 'one/same.md', 2, 'ObjectRemoved:Delete') }, { id: '4', body: s3Event(names.content, 'moved/same.md', 1) }]);

    // Assess
    expect(recorded.rejected).toEqual([expect.stringMatching(/two\/same\.md: slug "same" is already used by one\/same\.md/)]);
    expect(await read(harness.s3, names.site, 'posts/same/index.html')).toContain('One, moved');
    expect(recorded.announced.map((a) => a.slug)).toEqual(['same']);
  });

  it('copies page-bundle files beside the page and removes them with it', async () => {
    // Prepare
    const { publisher } = testPublisher(harness, names);
    await put(harness.s3, names.content, 'trip/index.md', article('Trip', '2026-05-01T00:00:00Z', 'featuredImage: photo.png\n'));
    await put(harness.s3, names.content, 'trip/photo.png', new Uint8Array([137, 80, 78, 71, 1, 2, 3]));

    // Act
    await publisher.publishBatch([{ id: '1', body: s3Event(names.content, 'trip/index.md', 1) }]);

    // Assess
    expect(await read(harness.s3, names.site, 'posts/trip/photo.png')).toBeDefined();
    expect(await feed()).toContain('<enclosure url="https://blog.example.com/posts/trip/photo.png" length="7" type="image/png"/>');
    await remove(harness.s3, names.content, 'trip/index.md');
    await publisher.publishBatch([{ id: '2', body: s3Event(names.content, 'trip/index.md', 2, 'ObjectRemoved:Delete') }]);
    expect(await read(harness.s3, names.site, 'posts/trip/photo.png')).toBeUndefined();
  });

  it('answers an unparsable message with a failure so it is retried and then dead-lettered', async () => {
    // Prepare
    const { publisher, recorded } = testPublisher(harness, names);

    // Act
    const { failed } = await publisher.publishBatch([{ id: 'poison', body: 'not json' }]);

    // Assess
    expect(failed).toEqual(['poison']);
    expect(recorded.failed).toHaveLength(1);
  });
});
