import type { MiddlewareStack } from '@smithy/types';

/** Commands sent through one or more SDK clients, counted by name. */
export interface CommandCounter {
  readonly counts: Map<string, number>;
  total(): number;
  reset(): void;
}

type Countable = { readonly middlewareStack: MiddlewareStack<object, object> };

/**
 * Counts every command a client sends, through SDK middleware: the real
 * client still makes the call, this only looks.
 */
export function countCommands(clients: readonly object[]): CommandCounter {
  const counts = new Map<string, number>();
  for (const client of clients as Countable[]) {
    client.middlewareStack.add(
      (next, context) => (args) => {
        const name = context.commandName ?? 'unknown';
        counts.set(name, (counts.get(name) ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize', name: 'heraldCommandCounter' },
    );
  }
  return { counts, total: () => [...counts.values()].reduce((a, b) => a + b, 0), reset: () => counts.clear() };
}
