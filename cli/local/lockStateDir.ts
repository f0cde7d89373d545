import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../usageError';

const LOCK_FILE = 'herald-dev.pid';

/**
 * Claims the state folder for this process: the emulators keep databases in
 * it that two processes would corrupt or crash on. A lock left by a process
 * that no longer runs is taken over. Returns the function that releases it.
 *
 * @throws UsageError when another running process holds the folder.
 */
export function lockStateDir(stateDir: string): () => void {
  mkdirSync(stateDir, { recursive: true });
  const file = join(stateDir, LOCK_FILE);
  for (;;) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(holder) && holder > 0 && (holder === process.pid || isRunning(holder))) {
      throw new UsageError(`another "herald dev" (process ${holder}) is using ${stateDir}/. Stop it first, or give this one its own folder with --state DIR (and other ports).`);
    }
    rmSync(file, { force: true }); // left behind by a process that died
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
