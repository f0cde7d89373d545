/** Time, handed in so tests run without waiting. */
export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: PacerClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The account's 24-hour sending quota, as SES reports it (GetAccount `SendQuota`). */
export interface DailyQuota {
  /** Messages the account may send in any 24 hours; negative means no limit. */
  readonly max24HourSend: number;
  /** Messages it sent in the last 24 hours. */
  readonly sentLast24Hours: number;
}

/** Reads the account's daily quota; undefined when it cannot be known (an emulator without one, a failed call). */
export type DailyQuotaSource = () => Promise<DailyQuota | undefined>;

/** How the pacer watches the daily quota. */
export interface DailyQuotaOptions {
  readonly read: DailyQuotaSource;
  /** How long a reading is trusted before the account is asked again. @default 60 s */
  readonly refreshMs?: number;
  /**
   * How long to wait once the quota is used up. SES's window is rolling and
   * does not say when earlier sends drop out of it, so the pacer looks again
   * after this long. @default 15 minutes (the longest SQS message delay)
   */
  readonly waitMs?: number;
}

/**
 * Keeps one invocation under its share of the account's sending rate
 * (recipients per second) and backs off after throttling. The queue's
 * concurrency limit fixes how many invocations share the rate.
 *
 * It also keeps sending within the account's 24-hour quota: a batch that
 * would pass it waits for the window to move on (the caller puts it back
 * on the queue with a delay) instead of failing, so a list larger than a
 * day's quota is sent over several days and never dead-lettered.
 */
export class SendPacer {
  private nextFreeAt = 0;
  private reading?: { readonly quota: DailyQuota; readonly at: number };
  /** Recipients booked against the quota since the last reading. */
  private bookedSinceReading = 0;
  private exhaustedUntil = 0;

  constructor(private readonly recipientsPerSecond: number, private readonly clock: PacerClock = realClock, private readonly daily?: DailyQuotaOptions) {}

  /** Waits until `recipients` more may be sent, then books their share of time. */
  async reserve(recipients: number): Promise<void> {
    const now = this.clock.now();
    const wait = this.nextFreeAt - now;
    if (wait > 0) await this.clock.sleep(wait);
    this.nextFreeAt = Math.max(now, this.nextFreeAt) + (recipients / this.recipientsPerSecond) * 1000;
  }

  /**
   * Books `recipients` against the daily quota. Returns 0 when they fit (and
   * are counted), or how many milliseconds to wait before asking again.
   */
  async dailyQuotaWait(recipients: number): Promise<number> {
    if (!this.daily) return 0;
    const now = this.clock.now();
    if (now < this.exhaustedUntil) return this.exhaustedUntil - now;
    if (!this.reading || now - this.reading.at >= (this.daily.refreshMs ?? 60_000)) {
      const quota = await this.daily.read();
      this.reading = quota && { quota, at: now };
      this.bookedSinceReading = 0;
    }
    if (!this.reading || this.reading.quota.max24HourSend < 0) return 0;
    const { max24HourSend, sentLast24Hours } = this.reading.quota;
    if (sentLast24Hours + this.bookedSinceReading + recipients <= max24HourSend) {
      this.bookedSinceReading += recipients;
      return 0;
    }
    return this.dailyQuotaExceeded();
  }

  /** SES refused a send for the daily quota: nothing more is sent for a while. Returns the wait in milliseconds. */
  dailyQuotaExceeded(): number {
    const wait = this.daily?.waitMs ?? 15 * 60_000;
    this.exhaustedUntil = this.clock.now() + wait;
    this.reading = undefined;
    return wait;
  }

  /** Sleeps before retry `attempt` (1, 2, …): exponential with full jitter, at most 5 s. */
  async backoff(attempt: number, random: () => number = Math.random): Promise<void> {
    await this.clock.sleep(Math.min(5000, 250 * 2 ** attempt) * random());
  }
}
