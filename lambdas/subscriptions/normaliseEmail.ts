import { domainToASCII } from 'node:url';
import isEmail from 'validator/lib/isEmail';
import { InvalidEmailError } from './errors';

// RFC 5321 §4.5.3.1: 64 octets of local part, 255 of domain, and 254 for a whole path's address.
const MAX_LOCAL = 64;
const MAX_ADDRESS = 254;

/**
 * Checks and normalises an address typed into the subscribe form: trims it,
 * refuses line breaks (header injection), writes an internationalised
 * domain in punycode (SES accepts only 7-bit addresses, so `bücher.de` and
 * `xn--bcher-kva.de` are one address), refuses a local part that is not
 * ASCII (no 7-bit form exists), enforces RFC 5321 lengths, checks the syntax
 * with validator.js and lower-cases the domain, which is case-insensitive
 * (the local part, in principle, is not).
 *
 * @throws InvalidEmailError with a reason fit to show the reader.
 * @example
 * normaliseEmail('  Ada@Example.COM '); // 'Ada@example.com'
 * normaliseEmail('leser@Bücher.de'); // 'leser@xn--bcher-kva.de'
 */
export function normaliseEmail(input: unknown): string {
  if (typeof input !== 'string' || input.trim() === '') throw new InvalidEmailError('Enter an email address.');
  if (/[\r\n]/.test(input)) throw new InvalidEmailError('An email address cannot contain line breaks.');
  const address = input.trim();
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) throw new InvalidEmailError('That does not look like an email address.');
  const local = address.slice(0, at);
  if (/[^\x00-\x7f]/.test(local)) {
    throw new InvalidEmailError('The part before the @ must be plain ASCII letters, digits and punctuation: our mail service cannot deliver to other characters there.');
  }
  // domainToASCII lower-cases and applies IDNA (UTS #46); it answers '' for a name that cannot be a domain.
  const domain = domainToASCII(address.slice(at + 1));
  if (domain === '') throw new InvalidEmailError('That does not look like an email address.');
  if (Buffer.byteLength(local) > MAX_LOCAL || Buffer.byteLength(address) > MAX_ADDRESS) {
    throw new InvalidEmailError('That email address is too long.');
  }
  const normalised = `${local}@${domain}`;
  if (!isEmail(normalised, { require_tld: true, allow_ip_domain: false, allow_display_name: false })) {
    throw new InvalidEmailError('That does not look like an email address.');
  }
  return normalised;
}
