import { newsletterConfigFrom } from '../../../lambdas/config/newsletterConfig';
import { digestId, digestSlot, nextDigestSlot } from '../../../lambdas/newsletter/digestSlot';
import { testSite } from '../../helpers/siteFixture';

const BERLIN = { weekday: 1, hour: 8, timeZone: 'Europe/Berlin' };

describe('digestSlot', () => {
  it.each([
    ['a Wednesday: the coming Monday', '2026-11-25T10:00:00Z', '2026-11-30T07:00:00.000Z', '2026-W49'],
    ['the slot itself (the schedule fires on it): that slot', '2026-11-30T07:00:00Z', '2026-11-30T07:00:00.000Z', '2026-W49'],
    ['a second after the slot: the next week\'s', '2026-11-30T07:00:01Z', '2026-12-07T07:00:00.000Z', '2026-W50'],
    ['the week the clocks go forward: 08:00 in summer time, an hour earlier in UTC', '2026-03-25T10:00:00Z', '2026-03-30T06:00:00.000Z', '2026-W14'],
    ['the week the clocks go back', '2026-10-21T10:00:00Z', '2026-10-26T07:00:00.000Z', '2026-W44'],
  ])('from %s', (_what, instant, at, week) => {
    // Act & Assess
    expect(digestSlot(new Date(instant), BERLIN)).toEqual({ at: new Date(at), week });
  });

  it('names the week by ISO week-year at the turn of the year', () => {
    // Act & Assess
    expect(digestSlot(new Date('2026-12-30T10:00:00Z'), { weekday: 7, hour: 2, timeZone: 'UTC' })).toEqual({ at: new Date('2027-01-03T02:00:00Z'), week: '2026-W53' });
    expect(digestSlot(new Date('2027-01-03T02:00:01Z'), { weekday: 1, hour: 0, timeZone: 'UTC' }).week).toBe('2027-W01');
  });

  it('moves an hour the clocks skip to the next one, and steps a week on the wall clock', () => {
    // Prepare: 02:00 on the Sunday Berlin skips to 03:00 (29 March 2026)
    const skipped = { weekday: 7, hour: 2, timeZone: 'Europe/Berlin' };

    // Act
    const slot = digestSlot(new Date('2026-03-25T10:00:00Z'), skipped);
    const next = nextDigestSlot(slot, skipped);

    // Assess
    expect(slot).toEqual({ at: new Date('2026-03-29T01:00:00Z'), week: '2026-W13' });
    expect(next).toEqual({ at: new Date('2026-04-05T00:00:00Z'), week: '2026-W14' });
    expect(digestId(next.week)).toBe('digest/2026-W14');
  });
});

describe('the digest settings', () => {
  it('defaults to Mondays at 08:00 UTC and takes a day, hour and IANA time zone from cdk.json', () => {
    // Act & Assess
    expect(newsletterConfigFrom({}, testSite()).digest).toEqual({ weekday: 1, hour: 8, timeZone: 'UTC' });
    expect(newsletterConfigFrom({ digestDay: 'Sunday', digestHour: '18', timeZone: 'America/New_York' }, testSite()).digest).toEqual({ weekday: 7, hour: 18, timeZone: 'America/New_York' });
  });

  it.each([
    [{ digestDay: 'funday' }, 'digestDay: must be a weekday: monday, tuesday'],
    [{ digestHour: 24 }, 'digestHour: must be an hour from 0 to 23'],
    [{ timeZone: 'Europe/Atlantis' }, 'timeZone: must be an IANA time zone'],
  ])('refuses %j, naming the key', (context, message) => {
    // Act & Assess
    expect(() => newsletterConfigFrom(context, testSite())).toThrow(message);
  });
});
