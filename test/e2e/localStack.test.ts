import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { s3Client } from '../../lambdas/adapters/s3Client';
import { LOCAL_NAMES } from '../../cli/local/localPorts';
import { startLocalStack, type LocalStack } from '../../cli/local/startLocalStack';
import { PortInUseError } from '../../cli/local/startEmulators';
import { article } from '../helpers/emulatorHarness';
import { tempDir, type TempDir } from '../helpers/tempDir';
import { testPort, testStackPorts } from '../helpers/testPort';

jest.setTimeout(30_000);

const PORTS = testStackPorts(13_000);

describe('local stack (herald dev)', () => {
  let state: TempDir;
  let stack: LocalStack;
  beforeAll(async () => {
    state = tempDir('herald-state-');
    stack = await startLocalStack({ ports: PORTS, stateDir: state.path, siteContext: { siteTitle: 'Local' } });
  });
  afterAll(async () => {
    await stack.stop();
    state.remove();
  });

  const s3 = () => s3Client(stack.urls.s3);
  const get = async (path: string) => fetch(`${stack.urls.site}${path}`);

  // How fast an upload reaches the feed is measured by `npm run bench`, not here: these wait for the stack to be idle.
  it('publishes an object put by any S3 client into /feed.xml', async () => {
    // Prepare
    const body = Readable.from([Buffer.from(article('Streamed upload'))]);

    // Act: a streamed body, the case where s3rver would keep aws-chunked framing without WHEN_REQUIRED checksums
    await s3().send(new PutObjectCommand({ Bucket: LOCAL_NAMES.contentBucket, Key: 'posts/streamed.md', Body: body, ContentLength: Buffer.byteLength(article('Streamed upload')) }));

    await stack.idle();

    // Assess
    expect(await (await get('feed.xml')).text()).toContain('Streamed upload');
    const stored = await (await s3().send(new GetObjectCommand({ Bucket: LOCAL_NAMES.contentBucket, Key: 'posts/streamed.md' }))).Body!.transformToString();
    expect(stored).toBe(article('Streamed upload'));
    const page = await get('posts/streamed/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('takes uploads from a client with its own credentials and default streaming checksums, as the AWS CLI sends them', async () => {
    // Prepare: no WHEN_REQUIRED here, so the SDK streams the body aws-chunked with a CRC32 trailer
    const foreign = new S3Client({ region: 'eu-west-1', endpoint: stack.urls.s3, forcePathStyle: true, credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'not-s3rver' } });
    const text = article('Foreign client');

    // Act
    await foreign.send(new PutObjectCommand({ Bucket: LOCAL_NAMES.contentBucket, Key: 'posts/foreign.md', Body: Readable.from([Buffer.from(text)]), ContentLength: Buffer.byteLength(text) }));

    await stack.idle();

    // Assess
    expect(await (await get('feed.xml')).text()).toContain('Foreign client');
    const stored = await (await foreign.send(new GetObjectCommand({ Bucket: LOCAL_NAMES.contentBucket, Key: 'posts/foreign.md' }))).Body!.transformToString();
    expect(stored).toBe(text);
    foreign.destroy();
  });

  it('removes a deleted article from the site', async () => {
    // Prepare
    await s3().send(new PutObjectCommand({ Bucket: LOCAL_NAMES.contentBucket, Key: 'posts/brief.md', Body: article('Brief life') }));
    await stack.idle();
    expect((await get('posts/brief/')).status).toBe(200);

    // Act: idle() includes the two seconds a deleted file keeps its slug locally (in case it was moved)
    await s3().send(new DeleteObjectCommand({ Bucket: LOCAL_NAMES.contentBucket, Key: 'posts/brief.md' }));
    await stack.idle();

    // Assess
    expect((await get('posts/brief/')).status).toBe(404);
    expect(await (await get('feed.xml')).text()).not.toContain('Brief life');
  });

  it('answers 301 from a slug an article left, as CloudFront does, and keeps its first permalink as the feed id', async () => {
    // Prepare
    const put = (slug: string) => s3().send(new PutObjectCommand({ Bucket: LOCAL_NAMES.contentBucket, Key: 'posts/moving.md', Body: article('Moving on', '2026-05-02T00:00:00Z', `slug: ${slug}\n`) }));
    await put('before');
    await stack.idle();

    // Act
    await put('after');
    await stack.idle();
    const old = await fetch(`${stack.urls.site}posts/before/`, { redirect: 'manual' });
    const feed = (await (await get('feed.json')).json()) as { items: { id: string; url: string }[] };

    // Assess
    expect(old.status).toBe(301);
    expect(old.headers.get('location')).toBe('/posts/after/');
    expect((await get('posts/after/')).status).toBe(200);
    expect(feed.items.find((i) => i.url.endsWith('/posts/after/'))?.id).toBe(`${stack.urls.site}posts/before/`);
  });

  it('answers conditional requests with 304, as CloudFront does', async () => {
    // Prepare
    const first = await get('feed.xml');
    const etag = first.headers.get('etag')!;

    // Act
    const again = await fetch(`${stack.urls.site}feed.xml`, { headers: { 'if-none-match': etag } });

    // Assess
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(again.status).toBe(304);
  });

  it('serves the API health check under /api/', async () => {
    // Act
    const health = await get('api/health');

    // Assess
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('says clearly which port is taken', async () => {
    // Prepare
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(testPort(13_100), '127.0.0.1', resolve));

    // Act
    const starting = startLocalStack({ ports: { site: testPort(13_101), s3: testPort(13_100), dynamodb: testPort(13_102), ses: testPort(13_103) }, siteContext: {} });

    // Assess
    await expect(starting).rejects.toThrow(PortInUseError);
    await expect(starting).rejects.toThrow(new RegExp(`S3 \\(s3rver\\) cannot listen on 127\\.0\\.0\\.1:${testPort(13_100)}: the port is in use`));
    blocker.close();
  });
});

describe('local stack state', () => {
  it('keeps the site across a restart', async () => {
    // Prepare
    const state = tempDir('herald-restart-');
    const ports = testStackPorts(13_200);
    const first = await startLocalStack({ ports, stateDir: state.path, siteContext: {} });
    await s3Client(first.urls.s3).send(new PutObjectCommand({ Bucket: LOCAL_NAMES.contentBucket, Key: 'kept.md', Body: article('Kept') }));
    await first.idle();
    await first.stop();

    // Act
    const second = await startLocalStack({ ports, stateDir: state.path, siteContext: {} });

    // Assess
    try {
      expect(await (await fetch(`${second.urls.site}feed.xml`)).text()).toContain('Kept');
    } finally {
      await second.stop();
      state.remove();
    }
  });
});
