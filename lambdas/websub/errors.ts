/** The hub did not take a ping: what it answered, or why there was no answer. */
export class HubError extends Error {
  constructor(readonly feedUrl: string, readonly reason: string, options?: ErrorOptions) {
    super(`the WebSub hub did not take the ping for ${feedUrl}: ${reason}`, options);
    this.name = 'HubError';
  }
}
