interface Waiter {
  readonly exclusive: boolean;
  readonly grant: () => void;
}

interface Lock {
  readers: number;
  writing: boolean;
  readonly waiting: Waiter[];
}

/**
 * Reader-writer locks by name, granted first come, first served: reads of a
 * name run together, a write runs alone.
 *
 * @example
 * const release = await locks.acquire('/bucket/key', true);
 * try { await write(); } finally { release(); }
 */
export class KeyLocks {
  private readonly locks = new Map<string, Lock>();

  /** Waits until `name` is free for a read (or, `exclusive`, a write); the function returned releases it. */
  async acquire(name: string, exclusive: boolean): Promise<() => void> {
    let lock = this.locks.get(name);
    if (!lock) this.locks.set(name, (lock = { readers: 0, writing: false, waiting: [] }));
    if (lock.waiting.length === 0 && grantable(lock, exclusive)) take(lock, exclusive);
    else await new Promise<void>((grant) => lock.waiting.push({ exclusive, grant }));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(name, lock, exclusive);
    };
  }

  private release(name: string, lock: Lock, exclusive: boolean): void {
    if (exclusive) lock.writing = false;
    else lock.readers -= 1;
    while (lock.waiting.length > 0 && grantable(lock, lock.waiting[0]!.exclusive)) {
      const next = lock.waiting.shift()!;
      take(lock, next.exclusive);
      next.grant();
    }
    if (lock.readers === 0 && !lock.writing && lock.waiting.length === 0) this.locks.delete(name);
  }
}

function grantable(lock: Lock, exclusive: boolean): boolean {
  return !lock.writing && (!exclusive || lock.readers === 0);
}

function take(lock: Lock, exclusive: boolean): void {
  if (exclusive) lock.writing = true;
  else lock.readers += 1;
}
