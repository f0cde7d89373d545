import { smolTomlDate } from './tomlDate';
import { InvalidDateError } from '../../../lambdas/content/errors';
import { parseDate } from '../../../lambdas/content/parseDate';

describe('parseDate', () => {
  it.each([
    ['ISO with offset', '2023-01-24T19:34:01+08:00', '2023-01-24T11:34:01.000Z', 480],
    ['ISO in UTC', '2023-01-24T11:34:01Z', '2023-01-24T11:34:01.000Z', 0],
    ['fractional seconds', '2023-01-24T11:34:01.250Z', '2023-01-24T11:34:01.250Z', 0],
    ['no offset (read as UTC)', '2023-01-24T11:34', '2023-01-24T11:34:00.000Z', undefined],
    ['date only', '2023-01-24', '2023-01-24T00:00:00.000Z', undefined],
    ['Jekyll', '2016-10-06 11:10:38 -0700', '2016-10-06T18:10:38.000Z', -420],
    ['+0530', '2020-05-01T10:00:00+0530', '2020-05-01T04:30:00.000Z', 330],
    ['+05', '2020-05-01T10:00:00+05', '2020-05-01T05:00:00.000Z', 300],
    ['leap day', '2024-02-29', '2024-02-29T00:00:00.000Z', undefined],
    ['Ruby Time.parse with a repeated year', '2023-01-29 18:30:22 2023 -0800', '2023-01-30T02:30:22.000Z', -480],
    ['a time without seconds', '2024-05-01 09:30', '2024-05-01T09:30:00.000Z', undefined],
    ['single-digit month and day', '2023-1-9', '2023-01-09T00:00:00.000Z', undefined],
    ['slashes', '2023/01/29', '2023-01-29T00:00:00.000Z', undefined],
    ['RFC 1123 with offset (Hugo)', 'Mon, 02 Jan 2006 15:04:05 -0700', '2006-01-02T22:04:05.000Z', -420],
    ['RFC 1123 in GMT', 'Sun, 29 Jan 2023 18:30:22 GMT', '2023-01-29T18:30:22.000Z', 0],
    ['RFC 850 with a two-digit year', 'Monday, 02-Jan-06 15:04:05 MST', '2006-01-02T22:04:05.000Z', -420],
    ['Go UnixDate', 'Mon Jan 2 15:04:05 MST 2006', '2006-01-02T22:04:05.000Z', -420],
    ['Go RubyDate', 'Mon Jan 02 15:04:05 -0700 2006', '2006-01-02T22:04:05.000Z', -420],
    ['Go Time.String', '2006-01-02 15:04:05.999999999 -0700 MST', '2006-01-02T22:04:05.999Z', -420],
    ['day month year (Hugo)', '02 Jan 2006', '2006-01-02T00:00:00.000Z', undefined],
    ['month day, year with pm (Ruby)', 'January 29, 2023 6:30 pm', '2023-01-29T18:30:00.000Z', undefined],
    ['a zone name (Ruby)', '2023-01-29 18:30:22 PST', '2023-01-30T02:30:22.000Z', -480],
    ['Unix seconds (Hugo)', 1672531200, '2023-01-01T00:00:00.000Z', 0],
  ])('reads %s', (_name, input, iso, offset) => {
    // Act
    const parsed = parseDate(input);

    // Assess
    expect(parsed.date.toISOString()).toBe(iso);
    expect(parsed.offsetMinutes).toBe(offset);
  });

  it('reads a TOML offset date-time value', () => {
    // Act
    const parsed = parseDate(smolTomlDate('1979-05-27T07:32:00-08:00'));

    // Assess
    expect(parsed.date.toISOString()).toBe('1979-05-27T15:32:00.000Z');
    expect(parsed.offsetMinutes).toBe(-480);
  });

  it.each([
    ['nope', /"nope" is not a date/],
    ['2023-02-29', /does not exist/],
    ['2023-02-30', /does not exist/],
    ['2023-13-01', /does not exist/],
    ['2023-01-01T25:00:00Z', /time that does not exist/],
    ['2023-01-01T10:00:00+19:00', /beyond ±18:00/],
    [2023, /expected a date, got number 2023/],
    ['2023-01-29 banana', /is not a date/],
    ['01/29/2023', /is not a date/],
    ['13:00 pm 2023-01-01', /time that does not exist/],
    [null, /expected a date, got null/],
    [['2023-01-01'], /expected a date, got a list/],
  ])('rejects %j', (input, message) => {
    // Act & Assess
    expect(() => parseDate(input)).toThrow(InvalidDateError);
    expect(() => parseDate(input)).toThrow(message);
  });
});
