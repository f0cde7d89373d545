import { InvalidDateError } from './errors';

/** A moment from front matter, with the author's UTC offset kept for display. */
export interface ArticleDate {
  readonly date: Date;
  /** Minutes east of UTC the author wrote, or undefined when the value had no offset (read as UTC). */
  readonly offsetMinutes?: number;
}

// ISO 8601 / RFC 3339 and the Jekyll form `2016-10-06 11:10:38 -0700`: date, optional time
// (T or space), optional offset (Z, ±HH:MM, ±HHMM, ±HH) with an optional space before it.
const DATE_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(?:([Zz])|([+-])(\d{2}):?(\d{2})?)?$/;

/**
 * Reads a front matter date the way Hugo and Jekyll authors write them.
 * Values without an offset are taken as UTC so a build never depends on the
 * machine's time zone.
 *
 * @throws InvalidDateError when the value is not a date or names an impossible day or time.
 * @example
 * parseDate('2016-10-06 11:10:38 -0700').date.toISOString(); // '2016-10-06T18:10:38.000Z'
 */
export function parseDate(value: unknown): ArticleDate {
  // TOML parsers hand back Date subclasses whose ISO form keeps the written offset.
  const text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value.trim() : undefined;
  if (text === undefined) throw new InvalidDateError(`expected a date, got ${describe(value)}`);
  const m = DATE_PATTERN.exec(text);
  if (!m) throw new InvalidDateError(`"${text}" is not a date (use 2024-05-01, 2024-05-01T09:30:00+02:00 or 2024-05-01 09:30:00 +0200)`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zulu, sign, oh, om = '0'] = m;
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new InvalidDateError(`"${text}" names a day that does not exist`);
  }
  if (hour > 23 || minute > 59 || second > 59) throw new InvalidDateError(`"${text}" names a time that does not exist`);
  const offsetMinutes = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : zulu ? 0 : undefined;
  if (offsetMinutes !== undefined && Math.abs(offsetMinutes) > 18 * 60) {
    throw new InvalidDateError(`"${text}" has an offset beyond ±18:00`);
  }
  const millis = Math.floor(Number(`0.${frac}`) * 1000);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis) - (offsetMinutes ?? 0) * 60_000;
  return { date: new Date(utc), ...(offsetMinutes !== undefined && { offsetMinutes }) };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `${typeof value} ${String(value)}`;
}
