import { createHash } from 'node:crypto';

/**
 * A subscriber's id, derived from the address so that a second subscribe
 * finds the same record with one read, and the table needs no index on
 * addresses. Addresses differing only in case are one subscriber: real mail
 * systems treat them so.
 */
export function subscriberId(normalisedEmail: string): string {
  return createHash('sha256').update(normalisedEmail.toLowerCase()).digest('hex').slice(0, 32);
}
