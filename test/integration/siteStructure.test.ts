import { buildSite } from '../../lambdas/site/buildSite';
import type { SiteStore } from '../../lambdas/publish/ports';
import { parseRebuildRequest } from '../../lambdas/publish/rebuildRequest';
import type { HubPing, HubPingQueue } from '../../lambdas/websub/ports';
import { article, startHarness, type Harness } from '../helpers/emulatorHarness';
import { PublishRig } from '../helpers/publishRig';
import { testPort } from '../helpers/testPort';

jest.setTimeout(300_000);

const CLOCK = new Date('2026-12-01T00:00:00Z');

/** The i-th article of a generated site: five days apart from 2026-01-01, on tag "Notes" and every third on "Deep Dives". */
function generated(i: number): { key: string; body: string } {
  const date = new Date(Date.UTC(2026, 0, 1) + i * 5 * 86_400_000).toISOString();
  return { key: `posts/p${i}.md`, body: article(`Post ${i}`, date, `tags: [Notes${i % 3 === 0 ? ', Deep Dives' : ''}]\n`) };
}

/** A site store that records every object it writes or removes. */
function recording(store: SiteStore, written: string[]): SiteStore {
  return {
    put: async (path, body, options) => {
      const wrote = await store.put(path, body, options);
      if (wrote) written.push(path);
      return wrote;
    },
    copyFromContent: async (key, path) => {
      await store.copyFromContent(key, path);
      written.push(path);
    },
    list: (prefix) => store.list(prefix),
    remove: async (path) => {
      await store.remove(path);
      written.push(`-${path}`);
    },
    removePrefix: async (prefix) => {
      const removed = await store.removePrefix(prefix);
      written.push(`-${prefix}`);
      return removed;
    },
  };
}

describe('the site\'s structure in the pipeline', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(testPort(14_970));
  });
  afterAll(async () => harness.stop());

  async function rig(): Promise<PublishRig> {
    return new PublishRig(harness, { start: CLOCK }).setUp();
  }

  // Every object of the site bucket with its text.
  async function siteFiles(publish: PublishRig): Promise<Map<string, string>> {
    const files = new Map<string, string>();
    for (const { key } of await publish.ports().output.list('')) files.set(key, (await publish.page(key))!);
    return files;
  }

  it('writes the same files as herald build for the same content, after edits, tag changes, month moves and deletions', async () => {
    // Prepare: a site built up event by event, then changed
    const publish = await rig();
    const content = new Map<string, string>();
    const upload = async (key: string, body: string) => {
      content.set(key, body);
      await publish.upload(key, body);
    };
    for (let i = 0; i < 14; i += 1) await upload(generated(i).key, generated(i).body);
    await upload('trip/index.md', article('Trip', '2026-03-03T10:00:00Z', 'featuredImage: photo.png\ntags: [Travel, Notes]\n'));
    await upload('trip/photo.png', 'not really a png');
    await publish.settle();
    await upload('posts/p4.md', article('Post 4, moved to November', '2026-11-11T00:00:00Z', 'tags: [Deep Dives, Later]\n'));
    await upload('posts/p9.md', article('Post 9', generated(9).body.match(/date: (\S+)/)![1], 'tags: [Notes]\n'));
    content.delete('posts/p12.md');
    await publish.delete('posts/p12.md');
    await publish.settle();
    publish.advance(31_000); // past the grace of the deleted file
    await publish.tick();
    await publish.settle();

    // Act
    const pipeline = await siteFiles(publish);
    const built = buildSite({ site: publish.site, sources: [...content].map(([key, body]) => ({ key, bytes: Buffer.from(body) })), now: publish.clock(), firstSeen: () => ({ date: CLOCK, source: 'test' }) });

    // Assess
    const expected = new Map(built.files.map((f) => [f.path, Buffer.from(f.body).toString('utf8')]));
    expect([...pipeline.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [path, body] of expected) expect({ path, body: pipeline.get(path) }).toEqual({ path, body });
    expect([...expected.keys()]).toEqual(expect.arrayContaining(['tags/later/index.html', 'archive/2026/11/index.html', 'tags/travel/feed.json']));
  });

  it('writes a bounded set of files for one new article, the same in a site of 45 articles as in one of 5', async () => {
    // Prepare
    const writesOfOnePublish = async (size: number) => {
      const publish = await rig();
      for (let i = 0; i < size; i += 1) await publish.upload(generated(i).key, generated(i).body);
      await publish.settle();
      const written: string[] = [];
      await publish.upload('posts/new.md', article('New', '2026-11-30T00:00:00Z', 'tags: [Notes, Fresh]\n'));
      await publish.settle(() => ({ publisher: publish.publisher(), rebuilder: publish.rebuilder({ output: recording(publish.ports().output, written) }) }));
      return written.sort();
    };

    // Act
    const small = await writesOfOnePublish(5);
    const large = await writesOfOnePublish(45);

    // Assess: the page, the site's feeds and home page, its month, and each of its tags' feeds, page and month
    expect(large).toEqual([
      'archive/2026/11/index.html', 'archive/2026/11/sitemap.xml', 'archive/sitemap.xml', 'atom.xml', 'feed.json', 'feed.xml', 'index.html', 'posts/new/index.html', 'sitemap.xml',
      'tags/fresh/2026/11/index.html', 'tags/fresh/atom.xml', 'tags/fresh/feed.json', 'tags/fresh/feed.xml', 'tags/fresh/index.html',
      'tags/notes/2026/11/index.html', 'tags/notes/atom.xml', 'tags/notes/feed.json', 'tags/notes/feed.xml', 'tags/notes/index.html',
    ]);
    expect(small).toEqual(large);
  });

  it('tells the WebSub hub of the feeds a rebuild rewrote, the site\'s and its tags\', and of none when nothing changed', async () => {
    // Prepare: a site with a hub; the publish function has handled the upload; its rebuild request waits
    const pings: HubPing[] = [];
    const hubPings: HubPingQueue = { enqueue: async (ping) => void pings.push(ping) };
    const publish = await new PublishRig(harness, { start: CLOCK, site: { ...harness.site, websubHub: 'https://hub.example.net/' } }).setUp();
    await publish.upload('posts/a.md', article('A', '2026-11-01T00:00:00Z', 'tags: [Shared]\n'));
    await publish.publisher().publishBatch(publish.events.take().map((body, i) => ({ id: String(i), body })));
    const requests = publish.rebuilds.messages.map(parseRebuildRequest);

    // Act
    await publish.rebuilder({ hubPings }).rebuild(requests);
    await publish.rebuilder({ hubPings }).rebuild(requests);

    // Assess: one ping, for the site's three feeds and the tag's three
    expect(pings.map((ping) => ping.feeds)).toEqual([
      ['feed.xml', 'atom.xml', 'feed.json', 'tags/shared/feed.xml', 'tags/shared/atom.xml', 'tags/shared/feed.json'].map((path) => `https://blog.example.com/${path}`),
    ]);
  });

  it('updates the old and new tags\' pages when an article\'s tags change, and removes a tag\'s pages when its last article goes', async () => {
    // Prepare
    const publish = await rig();
    await publish.upload('posts/a.md', article('A', '2026-11-01T00:00:00Z', 'tags: [Shared, Only A]\n'));
    await publish.upload('posts/b.md', article('B', '2026-11-02T00:00:00Z', 'tags: [Shared]\n'));
    await publish.settle();
    const before = await publish.page('tags/only-a/index.html');

    // Act: A moves from "Only A" to "New"; then both articles go
    await publish.upload('posts/a.md', article('A', '2026-11-01T00:00:00Z', 'tags: [Shared, New]\n'));
    await publish.settle();
    const afterEdit = await siteFiles(publish);
    await publish.delete('posts/a.md');
    await publish.delete('posts/b.md');
    await publish.settle();
    publish.advance(31_000);
    await publish.tick();
    await publish.settle();
    const afterDelete = await siteFiles(publish);

    // Assess
    expect(before).toContain('<h1>Only A</h1>');
    expect([...afterEdit.keys()].filter((k) => k.startsWith('tags/only-a/'))).toEqual([]);
    expect(afterEdit.get('tags/new/index.html')).toContain('href="https://blog.example.com/posts/a/"');
    expect(afterEdit.get('tags/shared/feed.json')).toContain('"title": "A"');
    expect(afterEdit.get('tags/shared/feed.json')).toContain('"title": "B"');
    expect([...afterDelete.keys()].filter((k) => k.startsWith('tags/') || k.startsWith('archive/2026/'))).toEqual([]);
    expect(afterDelete.get('index.html')).toContain('<p>Nothing published yet.</p>');
    expect(afterDelete.get('sitemap.xml')).not.toContain('/archive/2026/');
  });
});
