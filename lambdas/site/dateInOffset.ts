const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * RFC 3339 (Atom, JSON Feed) in the author's own UTC offset, so a feed keeps
 * the calendar date they wrote, as the site and the mails show it; UTC (`Z`)
 * without one.
 *
 * @example
 * rfc3339InOffset(new Date('2026-03-04T16:30:00Z'), 480); // '2026-03-05T00:30:00.000+08:00'
 */
export function rfc3339InOffset(date: Date, offsetMinutes: number | undefined): string {
  if (!offsetMinutes) return date.toISOString();
  return `${shifted(date, offsetMinutes).toISOString().slice(0, -1)}${zone(offsetMinutes, ':')}`;
}

/**
 * RFC 822 (RSS 2.0 pubDate) in the author's own offset, as a numeric zone;
 * `GMT` without one.
 *
 * @example
 * rfc822InOffset(new Date('2026-03-04T16:30:00Z'), 480); // 'Thu, 05 Mar 2026 00:30:00 +0800'
 */
export function rfc822InOffset(date: Date, offsetMinutes: number | undefined): string {
  if (!offsetMinutes) return date.toUTCString();
  const d = shifted(date, offsetMinutes);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${zone(offsetMinutes, '')}`;
}

function shifted(date: Date, offsetMinutes: number): Date {
  return new Date(date.getTime() + offsetMinutes * 60_000);
}

function zone(offsetMinutes: number, separator: string): string {
  const minutes = Math.abs(offsetMinutes);
  return `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(minutes / 60)).padStart(2, '0')}${separator}${String(minutes % 60).padStart(2, '0')}`;
}
