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
