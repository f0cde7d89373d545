/** Feeds whose hub is to be told they changed, and how many times that was tried already. */
export interface HubPing {
  /** Absolute feed URLs (the WebSub topics). */
  readonly feeds: readonly string[];
  /** 0 on the first try. */
  readonly attempt: number;
}

/** Where pings wait to be sent, off the publishing path (an SQS queue in AWS). */
export interface HubPingQueue {
  /** Queues a ping; with `delaySeconds` (at most 900) it is delivered that much later. */
  enqueue(ping: HubPing, delaySeconds?: number): Promise<void>;
}

/** The WebSub hub. */
export interface Hub {
  /**
   * Tells the hub the feed at `feedUrl` has new content.
   *
   * @throws HubError when the hub did not accept it (a non-2xx answer, no answer in time, no connection).
   */
  publish(feedUrl: string): Promise<void>;
}
