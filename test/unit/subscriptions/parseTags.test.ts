import { InvalidPreferencesError } from '../../../lambdas/subscriptions/errors';
import { MAX_TAGS, parseCadence, parseTags } from '../../../lambdas/subscriptions/parseTags';
import { describePreferences } from '../../../lambdas/subscriptions/describePreferences';

describe('parseTags', () => {
  it.each([
    ['nothing', undefined, []],
    ['an empty field', '', []],
    ['one comma-separated field', 'Rust, Go ,Zig', ['Rust', 'Go', 'Zig']],
    ['a list (repeated form fields, a JSON array)', ['Rust', 'Go'], ['Rust', 'Go']],
    ['a list whose items hold commas', ['rust', 'go,zig', ''], ['rust', 'go', 'zig']],
    ['one topic in two spellings (one tag slug), keeping the first', ['AWS Lambda', 'aws-lambda', 'aws  lambda'], ['AWS Lambda']],
    ['white space inside a topic', '  static   sites ', ['static sites']],
  ])('reads %s', (_what, input, expected) => {
    // Act & Assess
    expect(parseTags(input)).toEqual(expected);
  });

  it.each([
    ['something that is not text', [1, 2], /tags: give topics as text/],
    ['a control character', 'a\u0007b', /tags: a topic cannot contain control characters/],
    ['a topic over 80 characters', 'x'.repeat(81), /tags: "x{20}…" is longer than 80 characters/],
    ['more topics than a reader may choose', Array.from({ length: MAX_TAGS + 1 }, (_, i) => `t${i}`), /tags: choose at most 30 topics \(there were 31\)/],
  ])('refuses %s, naming the field', (_what, input, message) => {
    // Act & Assess
    expect(() => parseTags(input)).toThrow(InvalidPreferencesError);
    expect(() => parseTags(input)).toThrow(message);
  });
});

describe('parseCadence', () => {
  it.each([[undefined, 'each'], ['', 'each'], ['each', 'each'], ['weekly', 'weekly']])('reads %j as %s', (input, expected) => {
    // Act & Assess
    expect(parseCadence(input)).toBe(expected);
  });

  it.each([['daily'], ['Weekly'], [['weekly']]])('refuses %j, naming the field', (input) => {
    // Act & Assess
    expect(() => parseCadence(input)).toThrow('cadence: choose "each" (a mail for each new article) or "weekly" (one digest a week).');
  });
});

describe('describePreferences', () => {
  it.each([
    [[], 'each', 'every new article'],
    [['Rust'], 'each', 'new articles tagged Rust'],
    [['Rust', 'Go'], 'each', 'new articles tagged Rust or Go'],
    [['Rust', 'Go', 'Zig'], 'each', 'new articles tagged Rust, Go or Zig'],
    [[], 'weekly', 'a weekly digest of every new article'],
    [['Rust', 'Go'], 'weekly', 'a weekly digest of new articles tagged Rust or Go'],
  ] as const)('describes %j, %s', (tags, cadence, expected) => {
    // Act & Assess
    expect(describePreferences({ tags, cadence })).toBe(expected);
  });
});
