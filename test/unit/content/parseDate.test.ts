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
    [12345, /expected a date, got number 12345/],
    [null, /expected a date, got null/],
    [['2023-01-01'], /expected a date, got a list/],
  ])('rejects %j', (input, message) => {
    // Act & Assess
    expect(() => parseDate(input)).toThrow(InvalidDateError);
    expect(() => parseDate(input)).toThrow(message);
  });
});
