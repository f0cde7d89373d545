import { InvalidEmailError } from '../../../lambdas/subscriptions/errors';
import { normaliseEmail } from '../../../lambdas/subscriptions/normaliseEmail';

describe('normaliseEmail', () => {
  it.each([
    ['  ada@example.com  ', 'ada@example.com'],
    ['Ada.Lovelace@Example.COM', 'Ada.Lovelace@example.com'],
    ['first+tag@sub.example.co.uk', 'first+tag@sub.example.co.uk'],
  ])('accepts %j as %j', (input, expected) => {
    // Act & Assess
    expect(normaliseEmail(input)).toBe(expected);
  });

  it.each([
    ['nothing', undefined, /Enter an email address/],
    ['blank', '   ', /Enter an email address/],
    ['a number', 42, /Enter an email address/],
    ['a header injection', 'ada@example.com\r\nBcc: all@example.com', /line breaks/],
    ['a bare LF', 'ada@example.com\n', /line breaks/],
    ['no @', 'ada.example.com', /does not look like/],
    ['no domain', 'ada@', /does not look like/],
    ['no top-level domain', 'ada@localhost', /does not look like/],
    ['an IP domain', 'ada@[127.0.0.1]', /does not look like/],
    ['a display name', 'Ada <ada@example.com>', /does not look like/],
    ['a 65-octet local part', `${'a'.repeat(65)}@example.com`, /too long/],
    ['a 255-octet address', `a@${'b'.repeat(250)}.example.com`, /too long/],
  ])('rejects %s', (_name, input, reason) => {
    // Act & Assess
    expect(() => normaliseEmail(input)).toThrow(InvalidEmailError);
    expect(() => normaliseEmail(input)).toThrow(reason);
  });
});
