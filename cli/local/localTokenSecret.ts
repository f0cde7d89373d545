import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The local stack's link-signing key. It lives in `.herald/` so that links in
 * the mailbox keep working after a restart; in memory when there is no state folder.
 */
export function localTokenSecret(stateDir: string | undefined): string {
  if (!stateDir) return randomBytes(32).toString('hex');
  const file = join(stateDir, 'token-secret');
  if (!existsSync(file)) {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}
