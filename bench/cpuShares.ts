import { Session } from 'node:inspector/promises';

/** Who a sample of CPU time belongs to, by the innermost frame of its stack that names an owner. */
const OWNERS: readonly (readonly [string, RegExp])[] = [
  ['Herald', /\/lambdas\//],
  ['SES stand-in', /\/bench\/fakeSes\./],
  ['AWS SDK', /\/node_modules\/(@aws-sdk|@smithy)\//],
  ['dynalite', /\/node_modules\/(dynalite|abstract-level|memory-level|level-[a-z]+|functional-red-black-tree|big\.js|lazy)\//],
];

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

/**
 * Runs `work` under the V8 CPU profiler and returns its result with the
 * share of CPU time (in percent) of each owner: Herald's code, the AWS SDK,
 * dynalite, the SES stand-in, the garbage collector, and Node itself
 * (sockets, HTTP parsing, timers) for time no owner's frame is on the stack of.
 */
export async function cpuShares<T>(work: () => Promise<T>): Promise<{ result: T; shares: Record<string, number> }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    const result = await work();
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
    return { result, shares: sharesOf(profile) };
  } finally {
    session.disconnect();
  }
}

function sharesOf(profile: Profile): Record<string, number> {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ownerOf = new Map<number, string>();
  const owner = (id: number): string => {
    const known = ownerOf.get(id);
    if (known) return known;
    const frame = byId.get(id)!.callFrame;
    const found = frame.functionName === '(garbage collector)' ? 'garbage collector'
      : frame.functionName === '(idle)' ? 'idle'
        : OWNERS.find(([, pattern]) => pattern.test(frame.url))?.[0];
    const up = parent.get(id);
    const result = found ?? (up === undefined ? 'Node (sockets, HTTP, timers)' : owner(up));
    ownerOf.set(id, result);
    return result;
  };
  const time = new Map<string, number>();
  const samples = profile.samples ?? [];
  samples.forEach((id, i) => {
    const who = owner(id);
    time.set(who, (time.get(who) ?? 0) + (profile.timeDeltas?.[i] ?? 0));
  });
  time.delete('idle');
  const busy = [...time.values()].reduce((a, b) => a + b, 0);
  return Object.fromEntries([...time].sort((a, b) => b[1] - a[1]).map(([who, t]) => [who, Math.round((t / busy) * 1000) / 10]));
}
