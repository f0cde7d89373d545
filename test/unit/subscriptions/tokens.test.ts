import { InvalidTokenError } from '../../../lambdas/subscriptions/errors';
import { signToken, verifyToken } from '../../../lambdas/subscriptions/tokens';

const SECRET = 'test-secret-0123456789';
const NOW = new Date('2026-06-01T00:00:00Z');
const IN_48_HOURS = NOW.getTime() / 1000 + 48 * 3600;

function problemOf(check: () => unknown): string {
  try {
    check();
  } catch (error) {
    if (error instanceof InvalidTokenError) return error.problem;
    throw error;
  }
  return 'accepted';
}

describe('signToken / verifyToken', () => {
  it('round-trips the subscriber for the right purpose before expiry', () => {
    // Prepare
    const token = signToken({ subscriberId: 'abc123', purpose: 'confirm', expiresAt: IN_48_HOURS }, SECRET);

    // Act & Assess
    expect(token).toMatch(/^[\w-]+\.[\w-]{43}$/);
    expect(verifyToken(token, 'confirm', SECRET, NOW)).toBe('abc123');
  });

  it('refuses every other spelling of the signature, also one that differs only in the padding bits of its last character', () => {
    // Prepare: the last of 43 base64url characters carries 4 bits of the signature and 2 bits of padding
    const token = signToken({ subscriberId: 'abc123', purpose: 'confirm', expiresAt: IN_48_HOURS }, SECRET);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(token.at(-1)!);
    const samePayloadBits = [0, 1, 2, 3].map((padding) => alphabet[(last & ~3) | padding]!).filter((c) => c !== token.at(-1));

    // Act
    const problems = samePayloadBits.map((c) => problemOf(() => verifyToken(`${token.slice(0, -1)}${c}`, 'confirm', SECRET, NOW)));

    // Assess
    expect(problems).toEqual(['forged', 'forged', 'forged']);
  });

  it.each([
    ['expired', () => verifyToken(signToken({ subscriberId: 'a', purpose: 'confirm', expiresAt: IN_48_HOURS }, SECRET), 'confirm', SECRET, new Date(NOW.getTime() + 49 * 3600_000))],
    ['wrong-purpose', () => verifyToken(signToken({ subscriberId: 'a', purpose: 'confirm', expiresAt: IN_48_HOURS }, SECRET), 'unsubscribe', SECRET, NOW)],
    ['forged', () => verifyToken(signToken({ subscriberId: 'a', purpose: 'confirm', expiresAt: IN_48_HOURS }, 'another-secret'), 'confirm', SECRET, NOW)],
    ['forged', () => {
      const [, signature] = signToken({ subscriberId: 'a', purpose: 'confirm', expiresAt: IN_48_HOURS }, SECRET).split('.');
      const tampered = Buffer.from(`b.confirm.${IN_48_HOURS}`).toString('base64url');
      return verifyToken(`${tampered}.${signature}`, 'confirm', SECRET, NOW);
    }],
    ['malformed', () => verifyToken('not-a-token', 'confirm', SECRET, NOW)],
    ['malformed', () => verifyToken(undefined, 'confirm', SECRET, NOW)],
    ['malformed', () => verifyToken(`${'a'.repeat(500)}.${'b'.repeat(43)}`, 'confirm', SECRET, NOW)],
  ])('refuses a token that is %s', (problem, check) => {
    // Act & Assess
    expect(problemOf(check)).toBe(problem);
  });
});
