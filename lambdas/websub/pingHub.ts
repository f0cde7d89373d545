import { HubError } from './errors';
import type { Hub, HubPing, HubPingQueue } from './ports';

/** Tries of one ping in all: the first and five more, over about forty minutes. */
export const MAX_PING_ATTEMPTS = 6;
// SQS delays a message at most 15 minutes.
const MAX_DELAY_SECONDS = 900;

/** What the ping function reports, for logs and metrics. */
export interface PingLog {
  sent(feedUrl: string): void;
  /** One try failed; it is tried again after `retryInSeconds`, or never (undefined). */
  failed(error: HubError, retryInSeconds: number | undefined): void;
  /** The last try failed: the hub is not told of this change. */
  abandoned(feedUrls: readonly string[]): void;
}

/**
 * Sends one queued ping: tells the hub of each feed, all at once, and queues
 * the feeds it did not take again with a growing delay (30 s, 2 min, 8 min,
 * then 15 min) until the sixth try, after which the change is logged and
 * counted as abandoned. A failing hub is never fatal: feed readers still poll.
 *
 * @example
 * await pingHub({ feeds: ['https://news.example.com/feed.xml'], attempt: 0 }, { hub, queue, log });
 */
export async function pingHub(ping: HubPing, deps: { readonly hub: Hub; readonly queue: HubPingQueue; readonly log: PingLog }): Promise<void> {
  const results = await Promise.allSettled(ping.feeds.map(async (feed) => {
    await deps.hub.publish(feed);
    deps.log.sent(feed);
  }));
  const failed = results.flatMap((result, i) => (result.status === 'rejected' ? [{ feed: ping.feeds[i]!, error: asHubError(ping.feeds[i]!, result.reason) }] : []));
  if (failed.length === 0) return;
  const next = ping.attempt + 1;
  const delay = next < MAX_PING_ATTEMPTS ? Math.min(MAX_DELAY_SECONDS, 30 * 4 ** ping.attempt) : undefined;
  for (const { error } of failed) deps.log.failed(error, delay);
  if (delay === undefined) deps.log.abandoned(failed.map((f) => f.feed));
  else await deps.queue.enqueue({ feeds: failed.map((f) => f.feed), attempt: next }, delay);
}

/**
 * Reads a queued ping, checking its shape.
 *
 * @throws SyntaxError for a message that is not a ping.
 */
export function parseHubPing(body: string): HubPing {
  const ping = JSON.parse(body) as Partial<HubPing>;
  if (!Array.isArray(ping.feeds) || !ping.feeds.every((f) => typeof f === 'string') || !Number.isInteger(ping.attempt)) throw new SyntaxError('not a WebSub ping: expected {"feeds": [URL…], "attempt": n}');
  return { feeds: ping.feeds, attempt: ping.attempt! };
}

function asHubError(feed: string, reason: unknown): HubError {
  return reason instanceof HubError ? reason : new HubError(feed, reason instanceof Error ? reason.message : String(reason), { cause: reason });
}
