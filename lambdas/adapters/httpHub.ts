import type { Hub } from '../websub/ports';
import { HubError } from '../websub/errors';

/**
 * A WebSub hub over HTTP: the publisher's ping as hubs take it (PubSubHubbub
 * 0.4 §7 and the hubs in use: a form POST of `hub.mode=publish` and
 * `hub.url=<feed URL>`), answered with any 2xx. Every call has a time limit,
 * so a hub that never answers costs that long and no longer.
 */
export class HttpHub implements Hub {
  constructor(private readonly hubUrl: string, private readonly timeoutMs: number) {}

  async publish(feedUrl: string): Promise<void> {
    let response: Response;
    try {
      response = await fetch(this.hubUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Herald (WebSub publisher)' },
        body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': feedUrl }).toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new HubError(feedUrl, timedOut ? `no answer within ${this.timeoutMs} ms` : `no connection (${(error as Error).message})`, { cause: error });
    }
    // The body is not needed; reading it frees the connection.
    const body = await response.text().catch(() => '');
    if (!response.ok) throw new HubError(feedUrl, `HTTP ${response.status}${body ? `: ${body.trim().slice(0, 200)}` : ''}`);
  }
}
