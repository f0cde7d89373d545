import { InvalidDateError } from './errors';

/** A moment from front matter, with the author's UTC offset kept for display. */
export interface ArticleDate {
  readonly date: Date;
  /** Minutes east of UTC the author wrote, or undefined when the value had no offset (read as UTC). */
  readonly offsetMinutes?: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAY = /\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?/g;

// Date forms, tried in order on the text left after the time and zone are taken out.
// Numeric dates are year first (ISO 8601, Hugo, Jekyll, `2023/01/29`); month names may come either side of the day.
const DATE_FORMS: readonly { pattern: RegExp; parts: (m: RegExpExecArray) => [string, string, string] }[] = [
  { pattern: /(?<![\d.])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d.])/, parts: (m) => [m[1]!, m[2]!, m[3]!] },
  { pattern: new RegExp(`(?<!\\d)(\\d{1,2})(?:st|nd|rd|th)?[\\s-]+${MONTH}[\\s-]+(\\d{4}|\\d{2})(?!\\d)`), parts: (m) => [m[3]!, m[2]!, m[1]!] },
  { pattern: new RegExp(`${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`), parts: (m) => [m[3]!, m[1]!, m[2]!] },
  // Go's UnixDate and Ruby's Time#to_s put the year after the time: "Jan 2 … 2006" once the time is out.
  { pattern: new RegExp(`${MONTH}\\s+(\\d{1,2})\\s+(\\d{4})(?!\\d)`), parts: (m) => [m[3]!, m[1]!, m[2]!] },
];
const TIME = /(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:\s*([ap])\.?m\.?)?(?![\d:])/;
// `T` between date and time, and `Z` right after a time, as RFC 3339 writes them.
const RFC3339_SEPARATORS = /(\d)t(?=\d{1,2}:)|(\d)z\b/g;
// After a space only: the dashes of `2016-10-06` must not pass for an offset.
const NUMERIC_OFFSET = /\s(?:(?:utc|gmt)\s*)?([+-])(\d{2}):?(\d{2})?(?=\s|$)/;

// Ruby's Date::ZONE_TABLE and Go's zone abbreviations for the zones blogs are written in, in minutes east of UTC.
const ZONES: Readonly<Record<string, number>> = {
  z: 0, ut: 0, utc: 0, gmt: 0, wet: 0, west: 60, bst: 60, cet: 60, cest: 120, eet: 120, eest: 180, msk: 180,
  ist: 330, sgt: 480, hkt: 480, jst: 540, kst: 540, aest: 600, aedt: 660, nzst: 720, nzdt: 780,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420, akst: -540, akdt: -480, hst: -600,
};
const ZONE_WORD = new RegExp(`(?:^|\\s)(${Object.keys(ZONES).join('|')})(?=\\s|$)`);

const EXAMPLES = 'use 2024-05-01, 2024-05-01T09:30:00+02:00 or 2024-05-01 09:30:00 +0200';

/**
 * Reads a front matter date the way Hugo and Jekyll read them: RFC 3339 and
 * ISO 8601 forms, Jekyll's `2016-10-06 11:10:38 -0700`, the RFC 2822 and Go
 * layouts Hugo accepts (`Mon, 02 Jan 2006 15:04:05 -0700`, `02 Jan 2006`,
 * `2006-01-02 15:04:05.999 -0700 MST`), what Ruby's `Time.parse` reads
 * (`January 29, 2023 6:30 pm`, `2023-01-29 18:30:22 2023 -0800`, zone names
 * such as PST), and Unix seconds. Values without an offset are taken as UTC
 * so a build never depends on the machine's time zone.
 *
 * @throws InvalidDateError when the value is not a date or names an impossible day or time.
 * @example
 * parseDate('2016-10-06 11:10:38 -0700').date.toISOString(); // '2016-10-06T18:10:38.000Z'
 */
export function parseDate(value: unknown): ArticleDate {
  // TOML parsers hand back Date subclasses whose ISO form keeps the written offset.
  if (value instanceof Date) return parseDate(value.toISOString());
  if (typeof value === 'number' && Number.isInteger(value) && value >= 100_000) return { date: new Date(value * 1000), offsetMinutes: 0 };
  if (typeof value !== 'string') throw new InvalidDateError(`expected a date, got ${describe(value)}`);
  const text = value.trim();
  let rest = ` ${text.toLowerCase().replace(RFC3339_SEPARATORS, (_, beforeT: string | undefined, beforeZ: string | undefined) => (beforeT ? `${beforeT} ` : `${beforeZ} z`))} `;
  const take = (pattern: RegExp): RegExpExecArray | null => {
    const match = pattern.exec(rest);
    if (match) rest = `${rest.slice(0, match.index)} ${rest.slice(match.index + match[0].length)}`;
    return match;
  };
  rest = rest.replace(WEEKDAY, ' ');

  // Time first (its digits would pass for a day), then the zone (Go and Ruby write it between day and year), then the date.
  const time = take(TIME);
  const numericOffset = time ? take(NUMERIC_OFFSET) : null;
  const zone = take(ZONE_WORD);
  const form = DATE_FORMS.find((f) => f.pattern.test(rest));
  if (!form) throw new InvalidDateError(`"${text}" is not a date (${EXAMPLES})`);
  const [y, mo, d] = form.parts(take(form.pattern)!);
  const year = fullYear(y);
  // Ruby reads a repeated year (`date` output pasted after a time) and ignores it; anything else left over is not a date.
  const leftover = rest.replace(/[\s,]+/g, ' ').trim();
  if (leftover !== '' && leftover !== String(year)) throw new InvalidDateError(`"${text}" is not a date (${EXAMPLES})`);

  const month = /^\d+$/.test(mo) ? Number(mo) : MONTHS.indexOf(mo.slice(0, 3)) + 1;
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw new InvalidDateError(`"${text}" names a day that does not exist`);
  const [, h = '0', mi = '0', s = '0', frac = '0', meridiem] = time ?? [];
  let hour = Number(h);
  if (meridiem) {
    if (hour < 1 || hour > 12) throw new InvalidDateError(`"${text}" names a time that does not exist`);
    hour = (hour % 12) + (meridiem === 'p' ? 12 : 0);
  }
  const minute = Number(mi), second = Number(s);
  if (hour > 23 || minute > 59 || second > 59) throw new InvalidDateError(`"${text}" names a time that does not exist`);

  const offsetMinutes = numericOffset
    ? (numericOffset[1] === '-' ? -1 : 1) * (Number(numericOffset[2]) * 60 + Number(numericOffset[3] ?? '0'))
    : zone ? ZONES[zone[1]!] : undefined;
  if (offsetMinutes !== undefined && Math.abs(offsetMinutes) > 18 * 60) throw new InvalidDateError(`"${text}" has an offset beyond ±18:00`);
  const millis = Math.floor(Number(`0.${frac}`) * 1000);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis) - (offsetMinutes ?? 0) * 60_000;
  // Date.UTC maps years 0–99 to 1900–1999; fullYear has already placed two-digit years.
  const date = new Date(utc);
  if (year < 100) date.setUTCFullYear(date.getUTCFullYear() - 1900);
  return { date, ...(offsetMinutes !== undefined && { offsetMinutes }) };
}

// Two-digit years as Ruby and Go read them: 69–99 are 1900s, 00–68 are 2000s.
function fullYear(written: string): number {
  const year = Number(written);
  if (written.length !== 2) return year;
  return year >= 69 ? 1900 + year : 2000 + year;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `${typeof value} ${String(value)}`;
}
