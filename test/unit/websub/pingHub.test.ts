import { HubError } from '../../../lambdas/websub/errors';
import { MAX_PING_ATTEMPTS, parseHubPing, pingHub } from '../../../lambdas/websub/pingHub';
import type { HubPing } from '../../../lambdas/websub/ports';

const FEEDS = ['https://news.example.com/feed.xml', 'https://news.example.com/atom.xml', 'https://news.example.com/tags/rust/feed.json'];

function rig(refuse: (feed: string) => boolean) {
  const queued: { ping: HubPing; delay?: number }[] = [];
  const log = { sent: [] as string[], failed: [] as { feed: string; retryInSeconds?: number }[], abandoned: [] as string[] };
  const deps = {
    hub: { publish: async (feed: string) => { if (refuse(feed)) throw new HubError(feed, 'HTTP 500'); } },
    queue: { enqueue: async (ping: HubPing, delay?: number) => void queued.push({ ping, ...(delay !== undefined && { delay }) }) },
    log: {
      sent: (feed: string) => void log.sent.push(feed),
      failed: (error: HubError, retryInSeconds: number | undefined) => void log.failed.push({ feed: error.feedUrl, ...(retryInSeconds !== undefined && { retryInSeconds }) }),
      abandoned: (feeds: readonly string[]) => void log.abandoned.push(...feeds),
    },
  };
  return { deps, queued, log };
}

describe('pingHub', () => {
  it('tells the hub of every feed and queues nothing when it takes them all', async () => {
    // Prepare
    const { deps, queued, log } = rig(() => false);

    // Act
    await pingHub({ feeds: FEEDS, attempt: 0 }, deps);

    // Assess
    expect(log.sent).toEqual(FEEDS);
    expect(queued).toEqual([]);
  });

  it('queues only the feeds the hub refused, later each time: 30 s, 2 min, 8 min, then 15 min (SQS\'s longest delay)', async () => {
    // Prepare
    const { deps, queued, log } = rig((feed) => feed.endsWith('atom.xml'));

    // Act: each queued ping delivered in turn, as SQS would after its delay
    let ping: HubPing | undefined = { feeds: FEEDS, attempt: 0 };
    while (ping) {
      const before = queued.length;
      await pingHub(ping, deps);
      ping = queued.length > before ? queued.at(-1)!.ping : undefined;
    }

    // Assess
    expect(queued.map((q) => q.delay)).toEqual([30, 120, 480, 900, 900]);
    expect(queued.every((q) => q.ping.feeds.length === 1 && q.ping.feeds[0] === FEEDS[1])).toBe(true);
    expect(log.failed).toHaveLength(MAX_PING_ATTEMPTS);
    expect(log.failed.at(-1)).toEqual({ feed: FEEDS[1] });
    expect(log.abandoned).toEqual([FEEDS[1]]);
    expect(log.sent).toEqual([FEEDS[0], FEEDS[2]]);
  });

  it('counts any failure of the hub client as the hub\'s, naming the feed', async () => {
    // Prepare
    const { deps, log } = rig(() => false);
    deps.hub.publish = async () => { throw new TypeError('fetch failed'); };

    // Act
    await pingHub({ feeds: [FEEDS[0]!], attempt: 0 }, deps);

    // Assess
    expect(log.failed).toEqual([{ feed: FEEDS[0], retryInSeconds: 30 }]);
  });
});

describe('parseHubPing', () => {
  it('reads a queued ping and refuses anything else', () => {
    // Act & Assess
    expect(parseHubPing('{"feeds":["https://a.example/feed.xml"],"attempt":2}')).toEqual({ feeds: ['https://a.example/feed.xml'], attempt: 2 });
    expect(() => parseHubPing('{"feeds":"x","attempt":0}')).toThrow(SyntaxError);
    expect(() => parseHubPing('{"feeds":[],"attempt":"0"}')).toThrow(SyntaxError);
    expect(() => parseHubPing('not json')).toThrow(SyntaxError);
  });
});
