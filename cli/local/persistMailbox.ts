import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { getStoreReadonly, type Email } from 'aws-ses-v2-local/dist/store';

/** How often the mailbox is written to disk when it changed. */
const SAVE_EVERY_MS = 1000;

/**
 * Keeps the SES emulator's mailbox (held in memory by aws-ses-v2-local) in a
 * file, so the mails are still there after a restart, as the rest of the
 * local state is: restores it now, then saves it within a second of a change
 * and once more on stop.
 */
export function persistMailbox(file: string): { stop(): void } {
  const store = getStoreReadonly();
  if (existsSync(file)) {
    try {
      store.emails.push(...(JSON.parse(readFileSync(file, 'utf8')) as Email[]));
    } catch {
      // A file cut short by a crash: start with an empty mailbox rather than not at all.
    }
  }
  let saved = fingerprint(store.emails);
  const save = () => {
    const now = fingerprint(getStoreReadonly().emails);
    if (now === saved) return;
    writeFileSync(`${file}.tmp`, JSON.stringify(getStoreReadonly().emails));
    renameSync(`${file}.tmp`, file);
    saved = now;
  };
  const timer = setInterval(save, SAVE_EVERY_MS);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      save();
    },
  };
}

function fingerprint(emails: readonly Email[]): string {
  return `${emails.length}:${emails[emails.length - 1]?.messageId ?? ''}`;
}
