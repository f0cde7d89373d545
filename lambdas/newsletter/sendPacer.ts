/** Time, handed in so tests run without waiting. */
export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: PacerClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Keeps one invocation under its share of the account's sending rate
 * (recipients per second) and backs off after throttling. The queue's
 * concurrency limit fixes how many invocations share the rate.
 */
export class SendPacer {
  private nextFreeAt = 0;

  constructor(private readonly recipientsPerSecond: number, private readonly clock: PacerClock = realClock) {}

  /** Waits until `recipients` more may be sent, then books their share of time. */
  async reserve(recipients: number): Promise<void> {
    const now = this.clock.now();
    const wait = this.nextFreeAt - now;
    if (wait > 0) await this.clock.sleep(wait);
    this.nextFreeAt = Math.max(now, this.nextFreeAt) + (recipients / this.recipientsPerSecond) * 1000;
  }

  /** Sleeps before retry `attempt` (1, 2, …): exponential with full jitter, at most 5 s. */
  async backoff(attempt: number, random: () => number = Math.random): Promise<void> {
    await this.clock.sleep(Math.min(5000, 250 * 2 ** attempt) * random());
  }
}
