import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { S3SiteStore } from '../../lambdas/adapters/s3SiteStore';
import { siteConfigFrom } from '../../lambdas/config/siteConfig';
import { UnsafePathError } from '../../lambdas/content/errors';
import { article, put, startHarness, type Harness } from '../helpers/emulatorHarness';
import { PublishRig } from '../helpers/publishRig';
import { testPort } from '../helpers/testPort';

jest.setTimeout(30_000);

describe('the pipeline keeps every write in its place (issue #11, items 5 and 13; static files)', () => {
  let harness: Harness;
  let rig: PublishRig;
  beforeAll(async () => {
    harness = await startHarness(testPort(14_630));
  });
  afterAll(async () => harness.stop());
  beforeEach(async () => {
    rig = await new PublishRig(harness).setUp();
  });

  const siteKeys = async () => ((await harness.s3.send(new ListObjectsV2Command({ Bucket: rig.names.site }))).Contents ?? []).map((o) => o.Key!).sort();
  const site = (path: string) => rig.page(path);
  // Uploads (or, with undefined, deletes) each key, queues one event per key, in order, and lets the pipeline settle.
  const upload = async (files: [string, string | Uint8Array | undefined][]) => {
    for (const [key, body] of files) {
      if (body === undefined) await rig.delete(key);
      else await rig.upload(key, body);
    }
    await rig.settle();
  };

  describe('slugs from file and folder names', () => {
    it('rejects posts/2026-03-05-...md (slug "..") and writes nothing for it', async () => {
      // Prepare
      await upload([['posts/good.md', article('Good')]]);
      const before = await siteKeys();

      // Act
      await upload([['posts/2026-03-05-...md', article('Dots')]]);

      // Assess
      expect(rig.record.failed).toEqual([]);
      expect(rig.record.rejected).toEqual([expect.stringMatching(/^posts\/2026-03-05-\.\.\.md: the slug "\.\." that its file name gives is only dots/)]);
      expect(await siteKeys()).toEqual(before);
      expect(await site('index.html')).toContain('Good');
      expect(rig.record.announced.map((a) => a.slug)).toEqual(['good']);
    });

    it.each([
      ['index first', ['posts/2026-03-06-../index.md', 'posts/2026-03-06-../feed.xml']],
      ['its feed.xml first', ['posts/2026-03-06-../feed.xml', 'posts/2026-03-06-../index.md']],
    ])('never lets the bundle posts/2026-03-06-../ write its own feed.xml (%s)', async (_name, order) => {
      // Prepare
      await upload([['posts/good.md', article('Good')]]);
      const files: Record<string, string> = { 'posts/2026-03-06-../index.md': article('Bundle of dots'), 'posts/2026-03-06-../feed.xml': '<rss>not the site feed</rss>' };

      // Act
      await upload(order.map((key) => [key, files[key]]));

      // Assess
      expect(rig.record.failed).toEqual([]);
      expect(rig.record.rejected).toEqual([expect.stringMatching(/^posts\/2026-03-06-\.\.\/index\.md: the slug "\.\." that its folder name gives/)]);
      expect(await site('feed.xml')).toContain('Good');
      expect(await site('feed.xml')).not.toContain('not the site feed');
      expect((await siteKeys()).filter((k) => k.startsWith('posts/'))).toEqual(['posts/good/index.html']);
    });

    it('never claims an empty slug (posts/2026-03-03-.md), so a second such file is not "already used" and a fix publishes', async () => {
      // Prepare

      // Act
      await upload([['posts/2026-03-03-.md', article('Empty')], ['posts/2026-03-04-.md', article('Also empty')]]);
      await upload([['posts/2026-03-03-.md', article('Empty, fixed', '2026-05-01T10:00:00Z', 'slug: fixed\n')]]);

      // Assess
      expect(rig.record.rejected).toEqual([
        'posts/2026-03-03-.md: the slug "" that its file name gives is empty; rename the file or set "slug" in the front matter',
        'posts/2026-03-04-.md: the slug "" that its file name gives is empty; rename the file or set "slug" in the front matter',
      ]);
      expect(await site('posts/fixed/index.html')).toContain('Empty, fixed');
      expect(rig.record.announced.map((a) => a.slug)).toEqual(['fixed']);
    });
  });

  describe('static files', () => {
    it('publishes a file outside any bundle at its own path, updates it and removes it', async () => {
      // Prepare

      // Act
      await upload([['img/logo.png', 'first']]);
      const first = await site('img/logo.png');
      const type = (await harness.s3.send(new HeadObjectCommand({ Bucket: rig.names.site, Key: 'img/logo.png' }))).ContentType;
      await upload([['img/logo.png', 'second']]);
      const second = await site('img/logo.png');
      await upload([['img/logo.png', undefined]]);

      // Assess
      expect([first, second]).toEqual(['first', 'second']);
      expect(type).toBe('image/png');
      expect(await site('img/logo.png')).toBeUndefined();
    });

    it('rejects, naming them, static files over a root file or under posts/, and one over maxFileBytes', async () => {
      // Prepare
      rig = await new PublishRig(harness, { site: siteConfigFrom({ siteUrl: 'https://blog.example.com/', maxFileBytes: 2048 }) }).setUp();
      await upload([['posts/good.md', article('Good')]]);

      // Act
      await upload([
        ['feed.xml', '<rss>fake</rss>'],
        ['Index.html', '<p>fake</p>'],
        ['posts/diagram.png', 'png'],
        ['video/big.mp4', new Uint8Array(4096)],
      ]);

      // Assess
      expect(rig.record.failed).toEqual([]);
      expect(rig.record.rejected).toEqual([
        "feed.xml: a static file at /feed.xml would replace the site's own feed.xml; rename or move it",
        "Index.html: a static file at /Index.html would replace the site's own index.html; rename or move it",
        'posts/diagram.png: a static file at /posts/diagram.png lies under "posts/", which Herald keeps for its own pages; move it into an article\'s page bundle or another folder',
        'video/big.mp4: file is 4.0 KB, over the 2.0 KB limit for one file (maxFileBytes)',
      ]);
      expect(await site('feed.xml')).toContain('Good');
      expect(await siteKeys()).toEqual(['404.html', 'archive/2026/05/index.html', 'archive/2026/05/sitemap.xml', 'archive/sitemap.xml', 'atom.xml', 'feed-preview.js', 'feed.json', 'feed.xml', 'feed.xsl', 'index.html', 'posts/good/index.html', 'robots.txt', 'sitemap.xml']);
    });

    it('takes back the static copies of a bundle whose index arrives after its files, and gives them back when the index goes', async () => {
      // Prepare
      await upload([['notes/trip/photo.png', 'photo']]);
      const early = await site('notes/trip/photo.png');

      // Act
      await upload([['notes/trip/index.md', article('Trip')]]);
      const published = await siteKeys();
      await upload([['notes/trip/index.md', undefined]]);
      rig.advance(31_000); // past the deleted index's grace period
      await rig.tick();
      await rig.settle();

      // Assess
      expect(early).toBe('photo');
      expect(published).toContain('posts/trip/photo.png');
      expect(published).not.toContain('notes/trip/photo.png');
      expect(await siteKeys()).toContain('notes/trip/photo.png');
      expect(await siteKeys()).not.toContain('posts/trip/photo.png');
    });

    it('refuses a bundle file that would replace its article page', async () => {
      // Prepare

      // Act
      await upload([['posts/b/index.html', '<p>not the page</p>'], ['posts/b/index.md', article('B')], ['posts/b/index.html', '<p>still not</p>']]);

      // Assess
      expect(rig.record.failed).toEqual([]);
      expect(await site('posts/b/index.html')).toContain('B body text');
      expect(rig.record.rejected).toContain("posts/b/index.html: a page-bundle file cannot replace its article's own page (posts/b/index.html); rename it");
    });
  });

  it('warns about links to static and bundle files the content bucket does not have', async () => {
    // Prepare
    await upload([['img/here.png', 'png'], ['trip/photo.png', 'png']]);

    // Act
    await upload([['trip/index.md', [
      '---', 'title: Trip', 'date: 2026-05-01', 'featuredImage: cover.png', '---',
      '![here](/img/here.png) ![gone](/img/gone.png)', '',
      '![photo](photo.png) ![missing](missing.png) [other article](/posts/other/)',
    ].join('\n')]]);

    // Assess
    expect(rig.record.warnings).toEqual([
      'trip/index.md:4: field "featuredImage" names cover.png, but the site has no /posts/trip/cover.png',
      'trip/index.md:6: links to /img/gone.png, but the site has no /img/gone.png',
      'trip/index.md:8: links to missing.png, but the site has no /posts/trip/missing.png',
    ]);
  });

  describe('S3SiteStore, the last guard', () => {
    const store = () => new S3SiteStore(harness.s3, rig.names.site, rig.names.content);

    it.each([
      ['a put out of the bucket', (s: S3SiteStore) => s.put('../x', 'x'), /segment "\.\."/],
      ['a put with an empty segment', (s: S3SiteStore) => s.put('posts//index.html', 'x'), /segment "" is empty/],
      ['a copy over feed.xml', (s: S3SiteStore) => s.copyFromContent('feed.xml', 'feed.xml'), /would replace the site's own feed\.xml/],
      ['a copy over an article page', (s: S3SiteStore) => s.copyFromContent('x/index.html', 'posts/a/index.html'), /would replace an article's page/],
      ['removing every article', (s: S3SiteStore) => s.removePrefix('posts/'), /would remove all of "posts\/"/],
      ['removing the whole site', (s: S3SiteStore) => s.removePrefix(''), /must end with "\/"/],
      ['removing a folder above', (s: S3SiteStore) => s.removePrefix('posts/../'), /segment "\.\."/],
    ])('refuses %s before S3 is called', async (_name, act, message) => {
      // Prepare
      await put(harness.s3, rig.names.content, 'feed.xml', 'fake');
      await put(harness.s3, rig.names.site, 'posts/a/index.html', 'page');

      // Act
      const attempt = act(store());

      // Assess
      await expect(attempt).rejects.toThrow(UnsafePathError);
      await expect(act(store())).rejects.toThrow(message);
      expect(await siteKeys()).toEqual(['posts/a/index.html']);
    });
  });
});
