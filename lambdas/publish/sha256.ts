import { createHash } from 'node:crypto';

/** Hex SHA-256, the content fingerprint that tells an edit from a re-upload. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
