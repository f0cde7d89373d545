import { InvalidEmailError } from '../../../lambdas/subscriptions/errors';
import { normaliseEmail } from '../../../lambdas/subscriptions/normaliseEmail';
import { subscriberId } from '../../../lambdas/subscriptions/subscriberId';

describe('normaliseEmail', () => {
  it.each([
    ['  ada@example.com  ', 'ada@example.com'],
    ['Ada.Lovelace@Example.COM', 'Ada.Lovelace@example.com'],
    ['first+tag@sub.example.co.uk', 'first+tag@sub.example.co.uk'],
    // SES takes 7-bit addresses only: an internationalised domain is written in punycode.
    ['leser@Bücher.de', 'leser@xn--bcher-kva.de'],
    ['leser@xn--bcher-kva.de', 'leser@xn--bcher-kva.de'],
    ['reader@пример.рф', 'reader@xn--e1afmkfd.xn--p1ai'],
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
    ['a non-ASCII local part', 'jürgen@example.com', /part before the @ must be plain ASCII/],
    ['a non-ASCII local part with an IDN domain', 'ünï@bücher.de', /part before the @ must be plain ASCII/],
    ['a domain no IDNA form exists for', 'ada@exa mple.com', /does not look like/],
    ['a 255-octet address', `a@${'b'.repeat(250)}.example.com`, /too long/],
  ])('rejects %s', (_name, input, reason) => {
    // Act & Assess
    expect(() => normaliseEmail(input)).toThrow(InvalidEmailError);
    expect(() => normaliseEmail(input)).toThrow(reason);
  });
});

describe('subscriberId of internationalised addresses', () => {
  it('gives the Unicode and the punycode form of a domain one subscriber id', () => {
    // Act
    const ids = ['leser@bücher.de', 'leser@xn--bcher-kva.de', 'Leser@BÜCHER.de'].map((a) => subscriberId(normaliseEmail(a)));

    // Assess
    expect(new Set(ids).size).toBe(1);
  });
});
