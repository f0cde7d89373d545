import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidTokenError } from './errors';

/** What a link lets its holder do. */
export type TokenPurpose = 'confirm' | 'unsubscribe' | 'preferences';

/** The signed facts inside a token. */
export interface TokenClaims {
  readonly subscriberId: string;
  readonly purpose: TokenPurpose;
  /** Seconds since the epoch after which the token is refused. */
  readonly expiresAt: number;
}

/**
 * A URL-safe token: the claims, then an HMAC-SHA256 over them with the
 * deployment's secret. Nothing secret is inside; the signature only proves
 * Herald issued it, for this subscriber and purpose, until `expiresAt`.
 *
 * @example
 * const token = signToken({ subscriberId: 'a1', purpose: 'confirm', expiresAt: now + 48 * 3600 }, secret);
 */
export function signToken(claims: TokenClaims, secret: string): string {
  const payload = Buffer.from(`${claims.subscriberId}.${claims.purpose}.${claims.expiresAt}`).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

/**
 * Checks a token for one purpose and returns the subscriber it names. The
 * signature is compared in constant time, so timing tells an attacker nothing.
 *
 * @throws InvalidTokenError saying whether the token was malformed, forged, expired or for another purpose.
 */
export function verifyToken(token: unknown, purpose: TokenPurpose, secret: string, now: Date): string {
  if (typeof token !== 'string' || !/^[\w-]{1,400}\.[\w-]{43}$/.test(token)) throw new InvalidTokenError('malformed', 'This link is incomplete. Copy the whole link from the email.');
  const [payload, signature] = token.split('.') as [string, string];
  // Compared as text: decoding would ignore the two padding bits of the last character, so four spellings of one
  // signature would all pass, and a link changed there would still work.
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidTokenError('forged', 'This link is not valid.');
  const [subscriberId, tokenPurpose, expires] = Buffer.from(payload, 'base64url').toString().split('.');
  if (!subscriberId || !expires) throw new InvalidTokenError('malformed', 'This link is not valid.');
  if (tokenPurpose !== purpose) throw new InvalidTokenError('wrong-purpose', 'This link is meant for something else.');
  if (Number(expires) * 1000 < now.getTime()) throw new InvalidTokenError('expired', 'This link has expired.');
  return subscriberId;
}

function mac(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}
