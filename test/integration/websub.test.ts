import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { SQSEvent } from 'aws-lambda';
import { createWebsubHandler, type WebsubHandler } from '../../lambdas/functions/websub/createWebsubHandler';
import type { HubPing, HubPingQueue } from '../../lambdas/websub/ports';
import { article, startHarness, type Harness } from '../helpers/emulatorHarness';
import { PublishRig } from '../helpers/publishRig';
import { testPort } from '../helpers/testPort';

jest.setTimeout(60_000);

const BASE_PORT = testPort(15_130);
const HUB_PORT = BASE_PORT + 5;
const HUB = `http://127.0.0.1:${HUB_PORT}/hub`;

/** What the hub was sent. */
interface HubRequest {
  readonly method: string;
  readonly contentType: string;
  readonly fields: Record<string, string>;
}

/**
 * A local HTTP server standing in for a WebSub hub: it answers 204, 500, or
 * never, as the test asks, and records every request.
 */
class TestHub {
  mode: 'accept' | 'fail' | 'hang' = 'accept';
  readonly requests: HubRequest[] = [];
  private readonly hanging: ServerResponse[] = [];
  private server?: Server;

  async start(): Promise<void> {
    this.server = createServer((request, response) => void this.answer(request, response));
    await new Promise<void>((resolve) => this.server!.listen(HUB_PORT, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of request) body += String(chunk);
    this.requests.push({ method: request.method ?? '', contentType: request.headers['content-type'] ?? '', fields: Object.fromEntries(new URLSearchParams(body)) });
    if (this.mode === 'hang') this.hanging.push(response);
    else if (this.mode === 'fail') response.writeHead(500, { 'content-type': 'text/plain' }).end('hub is down');
    else response.writeHead(204).end();
  }
}

/** The ping queue of a test: what the rebuild and the ping function put on it, with the delay. */
class TestPingQueue implements HubPingQueue {
  messages: { ping: HubPing; delaySeconds: number }[] = [];

  async enqueue(ping: HubPing, delaySeconds = 0): Promise<void> {
    this.messages.push({ ping, delaySeconds });
  }

  /** Hands every queued ping to the ping function, as SQS would once its delay is over. */
  async deliver(handler: WebsubHandler): Promise<void> {
    const delivering = this.messages.splice(0);
    const answer = await handler({ Records: delivering.map((m, i) => ({ messageId: `m${i}`, body: JSON.stringify(m.ping) })) } as unknown as SQSEvent);
    expect(answer.batchItemFailures).toEqual([]);
  }
}

describe('WebSub: the hub is told of changed feeds, off the publishing path', () => {
  let harness: Harness;
  const hub = new TestHub();
  beforeAll(async () => {
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    harness = await startHarness(BASE_PORT);
    await hub.start();
  });
  afterAll(async () => {
    await hub.stop();
    await harness.stop();
  });
  beforeEach(() => {
    hub.mode = 'accept';
    hub.requests.length = 0;
  });

  async function setUp() {
    const site = { ...harness.site, websubHub: HUB };
    const rig = await new PublishRig(harness, { site }).setUp();
    const pings = new TestPingQueue();
    const functions = () => ({ publisher: rig.publisher(), rebuilder: rig.rebuilder({ hubPings: pings }) });
    const handler = createWebsubHandler({ SITE_URL: site.url, SITE_CONTEXT: JSON.stringify({ siteTitle: site.title, websubHub: HUB }), HUB_TIMEOUT_MS: '300', POWERTOOLS_LOG_LEVEL: 'ERROR' }, { queue: pings });
    return { rig, pings, functions, handler };
  }
  // The harness's site URL.
  const feeds = ['feed.xml', 'atom.xml', 'feed.json'].map((path) => `https://blog.example.com/${path}`);

  it('advertises the hub in every feed, and pings it with hub.mode=publish and hub.url for each feed a publish changed, and only then', async () => {
    // Prepare
    const { rig, pings, functions, handler } = await setUp();

    // Act: a new article; the same site rebuilt again; an edit
    await rig.upload('posts/hello.md', article('Hello', '2026-05-30T10:00:00Z'));
    await rig.settle(functions);
    const first = pings.messages.map((m) => m.ping);
    await pings.deliver(handler);
    await functions().rebuilder.rebuild([{ slugs: ['hello'], causes: [] }]);
    const unchanged = pings.messages.length;
    await rig.upload('posts/hello.md', article('Hello again', '2026-05-30T10:00:00Z'));
    await rig.settle(functions);
    const afterEdit = pings.messages.map((m) => m.ping);

    // Assess
    expect(first).toEqual([{ feeds, attempt: 0 }]);
    expect(hub.requests).toEqual(feeds.map((url) => ({ method: 'POST', contentType: 'application/x-www-form-urlencoded', fields: { 'hub.mode': 'publish', 'hub.url': url } })));
    expect(unchanged).toBe(0);
    expect(afterEdit).toEqual([{ feeds, attempt: 0 }]);
    expect(await rig.page('feed.xml')).toContain(`<atom:link href="${HUB}" rel="hub"/>`);
    expect(await rig.page('atom.xml')).toContain(`<link rel="hub" href="${HUB}"/>`);
    expect(JSON.parse((await rig.page('feed.json'))!)).toMatchObject({ hubs: [{ type: 'WebSub', url: HUB }] });
  });

  it.each([
    ['answers 500', 'fail'],
    ['never answers', 'hang'],
  ] as const)('delays no publishing when the hub %s: the pings wait on their own queue, give up within their time limit and come back later', async (_what, mode) => {
    // Prepare
    const { rig, pings, functions, handler } = await setUp();
    hub.mode = mode;

    // Act: publishing never talks to the hub, so it finishes whatever the hub does
    await rig.upload('posts/down.md', article('Down', '2026-05-30T10:00:00Z'));
    await rig.settle(functions);
    const duringPublishing = hub.requests.length;
    const started = performance.now();
    await pings.deliver(handler);
    const pingMs = performance.now() - started;

    // Assess
    expect(await rig.feedTitles()).toEqual(['Down']);
    expect(duringPublishing).toBe(0);
    expect(hub.requests).toHaveLength(3);
    expect(pings.messages).toEqual([{ ping: { feeds, attempt: 1 }, delaySeconds: 30 }]);
    // Bounded by the ping's time limit (300 ms here), not by the hub.
    expect(pingMs).toBeLessThan(5000);
  });

  it('sends no pings and advertises no hub when no hub is set', async () => {
    // Prepare
    const rig = await new PublishRig(harness).setUp();
    const pings = new TestPingQueue();

    // Act
    await rig.upload('posts/quiet.md', article('Quiet', '2026-05-30T10:00:00Z'));
    await rig.settle(() => ({ publisher: rig.publisher(), rebuilder: rig.rebuilder({ hubPings: pings }) }));

    // Assess
    expect(pings.messages).toEqual([]);
    expect(await rig.page('feed.xml')).not.toContain('rel="hub"');
    expect(JSON.parse((await rig.page('feed.json'))!)).not.toHaveProperty('hubs');
  });
});
