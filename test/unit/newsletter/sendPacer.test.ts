import { SendPacer, type PacerClock } from '../../../lambdas/newsletter/sendPacer';

function fakeClock(): PacerClock & { slept: number[]; at: number } {
  const clock = {
    at: 0,
    slept: [] as number[],
    now: () => clock.at,
    sleep: async (ms: number) => {
      clock.slept.push(ms);
      clock.at += ms;
    },
  };
  return clock;
}

describe('SendPacer', () => {
  it('spaces sends so that recipients per second stay at the rate', async () => {
    // Prepare
    const clock = fakeClock();
    const pacer = new SendPacer(100, clock);

    // Act: three batches of 50 at 100 recipients/s
    for (let i = 0; i < 3; i += 1) await pacer.reserve(50);

    // Assess
    expect(clock.slept).toEqual([500, 500]);
    expect(clock.at).toBe(1000);
  });

  it('counts time spent sending towards the gap', async () => {
    // Prepare
    const clock = fakeClock();
    const pacer = new SendPacer(10, clock);

    // Act
    await pacer.reserve(5);
    clock.at += 300; // the SES call and the ledger took 300 ms
    await pacer.reserve(5);

    // Assess
    expect(clock.slept).toEqual([200]);
  });

  it('does not wait after an idle spell, and does not save up credit from it', async () => {
    // Prepare
    const clock = fakeClock();
    const pacer = new SendPacer(10, clock);
    await pacer.reserve(10);

    // Act
    clock.at += 60_000;
    await pacer.reserve(10);
    await pacer.reserve(10);

    // Assess
    expect(clock.slept).toEqual([1000]);
  });

  it('backs off exponentially with full jitter, at most five seconds', async () => {
    // Prepare
    const clock = fakeClock();
    const pacer = new SendPacer(10, clock);

    // Act
    for (const attempt of [1, 2, 3, 10]) await pacer.backoff(attempt, () => 0.5);
    await pacer.backoff(2, () => 0);

    // Assess
    expect(clock.slept).toEqual([250, 500, 1000, 2500, 0]);
  });
});

describe('SendPacer and the daily quota', () => {
  function quotaPacer(readings: ({ max24HourSend: number; sentLast24Hours: number } | undefined)[]) {
    const clock = fakeClock();
    const reads: number[] = [];
    const pacer = new SendPacer(100, clock, {
      read: async () => {
        reads.push(clock.at);
        return readings.length > 1 ? readings.shift() : readings[0];
      },
      refreshMs: 60_000,
      waitMs: 900_000,
    });
    return { clock, pacer, reads };
  }

  it('lets batches through while they fit in what is left of the day\'s quota', async () => {
    // Prepare: 200 a day, 80 sent already
    const { pacer, reads } = quotaPacer([{ max24HourSend: 200, sentLast24Hours: 80 }]);

    // Act
    const waits = [await pacer.dailyQuotaWait(50), await pacer.dailyQuotaWait(50), await pacer.dailyQuotaWait(20), await pacer.dailyQuotaWait(1)];

    // Assess: 80 + 50 + 50 + 20 = 200; one more must wait, and the account was asked once
    expect(waits).toEqual([0, 0, 0, 900_000]);
    expect(reads).toEqual([0]);
  });

  it('waits out a used-up quota, then asks the account again', async () => {
    // Prepare
    const { clock, pacer, reads } = quotaPacer([{ max24HourSend: 200, sentLast24Hours: 200 }, { max24HourSend: 200, sentLast24Hours: 120 }]);

    // Act
    const first = await pacer.dailyQuotaWait(50);
    clock.at += 600_000;
    const during = await pacer.dailyQuotaWait(50);
    clock.at += 300_000;
    const after = await pacer.dailyQuotaWait(50);

    // Assess
    expect([first, during, after]).toEqual([900_000, 300_000, 0]);
    expect(reads).toEqual([0, 900_000]);
  });

  it('reads the quota again once a reading is a minute old', async () => {
    // Prepare
    const { clock, pacer, reads } = quotaPacer([{ max24HourSend: 1000, sentLast24Hours: 0 }]);

    // Act
    await pacer.dailyQuotaWait(50);
    clock.at += 59_999;
    await pacer.dailyQuotaWait(50);
    clock.at += 1;
    await pacer.dailyQuotaWait(50);

    // Assess
    expect(reads).toEqual([0, 60_000]);
  });

  it('waits when SES itself says the quota is exceeded', async () => {
    // Prepare
    const { clock, pacer } = quotaPacer([{ max24HourSend: 1000, sentLast24Hours: 0 }]);

    // Act
    const wait = pacer.dailyQuotaExceeded();
    clock.at += 1000;

    // Assess
    expect(wait).toBe(900_000);
    expect(await pacer.dailyQuotaWait(1)).toBe(899_000);
  });

  it.each([
    ['an unlimited quota (-1)', { max24HourSend: -1, sentLast24Hours: 5_000_000 }],
    ['no reading (an emulator, a failed call)', undefined],
  ])('never waits with %s', async (_name, reading) => {
    // Prepare
    const { pacer } = quotaPacer([reading]);

    // Act & Assess
    expect(await pacer.dailyQuotaWait(50)).toBe(0);
  });
});
