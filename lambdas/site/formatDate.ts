const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * The calendar date as the author wrote it: shifted by their offset, so a
 * post dated 00:30+08:00 shows that day, not the day before in UTC.
 */
export function formatDate(date: Date, offsetMinutes = 0): string {
  return LONG_DATE.format(new Date(date.getTime() + offsetMinutes * 60_000));
}
