import { DateTime } from 'luxon';
import type { DigestSchedule } from '../config/newsletterConfig';

/** One weekly digest's moment, and the week it is named after. */
export interface DigestSlot {
  /** When the digest goes out. */
  readonly at: Date;
  /** The ISO week of that day in the site's time zone, e.g. `2026-W48`: the digest campaign is `digest/<week>`. */
  readonly week: string;
}

/**
 * The first digest slot at or after `instant`: the schedule's weekday and
 * hour in its time zone, so a daylight-saving change moves the instant and
 * never the wall-clock time (an hour a switch skips becomes the next one).
 * An article first published at `instant` goes into this digest; a digest
 * asked for at `instant` (the schedule fires exactly on a slot) is this one.
 *
 * @example
 * digestSlot(new Date('2026-11-25T10:00:00Z'), { weekday: 1, hour: 8, timeZone: 'Europe/Berlin' });
 * // { at: 2026-11-30T07:00:00.000Z, week: '2026-W49' }
 */
export function digestSlot(instant: Date, schedule: DigestSchedule): DigestSlot {
  const local = DateTime.fromJSDate(instant, { zone: schedule.timeZone });
  const onTheDay = (week: DateTime) => week.set({ weekday: schedule.weekday as 1 | 2 | 3 | 4 | 5 | 6 | 7, hour: schedule.hour, minute: 0, second: 0, millisecond: 0 });
  let slot = onTheDay(local);
  if (slot.toMillis() < local.toMillis()) slot = onTheDay(local.plus({ weeks: 1 }));
  return { at: slot.toJSDate(), week: `${slot.weekYear}-W${String(slot.weekNumber).padStart(2, '0')}` };
}

/** The digest after `slot`: the first slot later than it. */
export function nextDigestSlot(slot: DigestSlot, schedule: DigestSchedule): DigestSlot {
  return digestSlot(new Date(slot.at.getTime() + 1), schedule);
}

/** The campaign id of a week's digest: `digest/2026-W48` (no slug has a slash, so it never names an article). */
export function digestId(week: string): string {
  return `digest/${week}`;
}
