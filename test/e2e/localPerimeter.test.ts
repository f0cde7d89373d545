import { request } from 'node:http';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3Client } from '../../lambdas/adapters/s3Client';
import { LOCAL_NAMES, localUrl } from '../../cli/local/localPorts';
import { startSiteServer } from '../../cli/local/siteServer';
import { startLocalStack, type LocalStack } from '../../cli/local/startLocalStack';
import { article } from '../helpers/emulatorHarness';
import { testPort, testStackPorts } from '../helpers/testPort';

jest.setTimeout(30_000);

const PORTS = testStackPorts(13_620);

// A request with the path exactly as given: fetch would normalise "/../" away before sending.
function raw(port: number, method: string, path: string, headers: Record<string, string> = {}, body = ''): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the local stack perimeter (issue #11, item 13)', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack({ ports: PORTS, siteContext: { siteTitle: 'Perimeter' } });
    const s3 = s3Client(stack.urls.s3);
    await s3.send(new PutObjectCommand({ Bucket: LOCAL_NAMES.contentBucket, Key: 'posts/draft.md', Body: article('Secret draft', '2026-05-01T10:00:00Z', 'draft: true\n') }));
    await s3.send(new PutObjectCommand({ Bucket: LOCAL_NAMES.contentBucket, Key: 'posts/live.md', Body: article('Live') }));
    await stack.idle();
  });
  afterAll(async () => stack.stop());

  const exists = async (bucket: string, key: string) => {
    try {
      await s3Client(stack.urls.s3).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch {
      return false;
    }
  };

  describe('site server', () => {
    it.each([
      ['/..%2fherald-content%2fposts%2fdraft.md'],
      ['/..%2Fherald-content/posts/draft.md'],
      ['/posts/..%2f..%2fherald-content%2fposts%2fdraft.md'],
      ['/%2e%2e%2fherald-content%2fposts%2fdraft.md'],
      ['/../herald-content/posts/draft.md'],
    ])('never serves the content bucket through %s', async (path) => {
      // Act
      const answer = await raw(PORTS.site, 'GET', path);

      // Assess
      expect([400, 404]).toContain(answer.status);
      expect(answer.text).not.toContain('Secret draft');
    });

    it.each([['/%E0%A4%A'], ['/%00'], ['/posts/%0d%0a/'], ['/%ZZ']])('answers the malformed %s with 400 and no internal text', async (path) => {
      // Act
      const answer = await raw(PORTS.site, 'GET', path);

      // Assess
      expect(answer.status).toBe(400);
      expect(answer.text).not.toMatch(/URI|Error|local site server|\n\s+at /);
    });

    it('still serves pages and feeds', async () => {
      // Act
      const page = await fetch(`${stack.urls.site}posts/live/`);

      // Assess
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Live');
    });

    it('answers with no internal text when the bucket cannot be reached, and logs the cause', async () => {
      // Prepare: an S3 endpoint where nothing listens
      const logged: unknown[] = [];
      const server = await startSiteServer(s3Client(localUrl(testPort(13_630))), 'nowhere', testPort(13_631), async () => undefined, (error) => logged.push(error));

      // Act
      const answer = await raw(testPort(13_631), 'GET', '/feed.xml');

      // Assess
      server.close();
      expect(answer.status).toBe(503);
      expect(answer.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|Error/);
      expect(String(logged[0])).toMatch(/ECONNREFUSED|connect/);
    });
  });

  describe('publishing through the stack', () => {
    it('never lets the bundle posts/2026-03-06-../ replace the site feed, and serves static files at their own path', async () => {
      // Prepare
      const s3 = s3Client(stack.urls.s3);

      // Act
      await s3.send(new PutObjectCommand({ Bucket: LOCAL_NAMES.contentBucket, Key: 'posts/2026-03-06-../feed.xml', Body: '<rss>planted</rss>' }));
      await s3.send(new PutObjectCommand({ Bucket: LOCAL_NAMES.contentBucket, Key: 'posts/2026-03-06-../index.md', Body: article('Dots') }));
      await s3.send(new PutObjectCommand({ Bucket: LOCAL_NAMES.contentBucket, Key: 'img/logo.svg', Body: '<svg xmlns="http://www.w3.org/2000/svg"/>' }));
      await stack.idle();

      // Assess
      const feed = await fetch(`${stack.urls.site}feed.xml`);
      expect(await feed.text()).not.toContain('planted');
      const logo = await fetch(`${stack.urls.site}img/logo.svg`);
      expect(logo.status).toBe(200);
      expect(logo.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    });
  });

  describe('S3 front', () => {
    it.each([
      ['an Origin of another site', { origin: 'http://evil.example' }],
      ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
      ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site', origin: 'http://127.0.0.1:9' }],
      ['the site server as Origin', { origin: `http://127.0.0.1:${PORTS.site}` }],
    ])('refuses a browser PUT with %s', async (_name, headers) => {
      // Act
      const answer = await raw(PORTS.s3, 'PUT', '/herald-content/posts/planted.md', headers, article('Planted'));

      // Assess
      expect(answer.status).toBe(403);
      expect(answer.text).toMatch(/<Code>AccessDenied<\/Code>/);
      expect(await exists(LOCAL_NAMES.contentBucket, 'posts/planted.md')).toBe(false);
    });

    it('refuses a cross-site form POST', async () => {
      // Act
      const answer = await raw(PORTS.s3, 'POST', '/herald-content', { origin: 'null', 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' }, 'key=posts/form.md');

      // Assess
      expect(answer.status).toBe(403);
      expect(await exists(LOCAL_NAMES.contentBucket, 'posts/form.md')).toBe(false);
    });

    it('accepts the same PUT from an S3 client, which sends no Origin', async () => {
      // Act
      const answer = await raw(PORTS.s3, 'PUT', '/herald-content/posts/tool.md', {}, article('Tool'));

      // Assess
      expect(answer.status).toBe(200);
      expect(await exists(LOCAL_NAMES.contentBucket, 'posts/tool.md')).toBe(true);
    });

    it.each([
      ['PUT', '/herald-content/..%2Fherald-site%2Findex.html'],
      ['PUT', '/herald-content/../herald-site/index.html'],
      ['PUT', '/herald-content/posts/%2E%2E/%2E%2E/herald-site/index.html'],
      ['PUT', '/herald-content/./herald-site/index.html'],
      ['GET', '/herald-site/..%2Fherald-content%2Fposts%2Fdraft.md'],
      ['GET', '/herald-content?list-type=2&prefix=..%2F'],
    ])('refuses %s %s, whose key has a ".." or "." segment', async (method, path) => {
      // Prepare
      const before = await (await fetch(stack.urls.site)).text();

      // Act
      const answer = await raw(PORTS.s3, method, path, {}, method === 'PUT' ? '<p>replaced</p>' : '');

      // Assess
      expect(answer.status).toBe(400);
      expect(answer.text).toMatch(/<Code>InvalidArgument<\/Code>/);
      expect(answer.text).not.toContain('Secret draft');
      expect(await (await fetch(stack.urls.site)).text()).toBe(before);
    });

    it('refuses a copy whose source has a ".." segment', async () => {
      // Act
      const answer = await raw(PORTS.s3, 'PUT', '/herald-site/stolen.md', { 'x-amz-copy-source': '/herald-site/..%2Fherald-content/posts/draft.md' });

      // Assess
      expect(answer.status).toBe(400);
      expect(await exists(LOCAL_NAMES.siteBucket, 'stolen.md')).toBe(false);
    });
  });
});
