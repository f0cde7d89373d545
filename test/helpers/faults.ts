import { AsyncLocalStorage } from 'node:async_hooks';
import type { MiddlewareStack } from '@smithy/types';

/** Thrown in place of a Lambda that dies: the work before it happened, nothing after. */
export class Crash extends Error {
  constructor(readonly step: string) {
    super(`crash after ${step}`);
    this.name = 'Crash';
  }
}

/** One simulated Lambda invocation: once it has crashed it makes no call any more. */
interface Invocation {
  dead: boolean;
  /** The hand-over to SES it recorded last and has not yet recorded the answer to: its recipients, by campaign. */
  window?: { readonly key: string; readonly campaignId: string; readonly recipients: readonly string[] };
}

/** A step an invocation took: what it was, and what it wrote when it wrote to a batch's ledger record. */
export interface Step {
  readonly label: string;
  readonly handOver?: { readonly key: string; readonly campaignId: string; readonly recipients: readonly string[] };
  /** The record whose outcomes this step wrote. */
  readonly outcomesOf?: string;
}

type Stack = MiddlewareStack<object, object>;
type CommandArgs = { input: Record<string, unknown> };

/**
 * Crashes simulated invocations after a chosen step took effect. Every SDK
 * call through a client passed to `watch` and every call of an object passed
 * to `wrap` is a step; `crashAfter` decides, per step, whether the invocation
 * making it dies right after it. A dead invocation's later calls throw too,
 * as nothing runs in a process that is gone; other invocations go on.
 *
 * It also keeps the hand-over window of each invocation (from the write that
 * records a hand-over to SES until the write of its outcomes), so a test can
 * tell which recipients a crash left in doubt.
 */
export class Faults {
  /** Steps taken by all invocations, in order. */
  readonly steps: string[] = [];
  /** The steps a crash came after. */
  readonly crashes: string[] = [];
  /** `campaign/subscriber` of every recipient whose hand-over was open when its invocation crashed. */
  readonly inDoubt = new Set<string>();
  private readonly invocations = new AsyncLocalStorage<Invocation>();

  constructor(private readonly crashAfter: (step: string, count: number) => boolean) {}

  /** Runs `work` as one invocation. */
  invoke = <T>(work: () => Promise<T>): Promise<T> => this.invocations.run({ dead: false }, work);

  /** Makes every call through an SDK client a step. */
  watch(client: { middlewareStack: unknown }, service: string): void {
    (client.middlewareStack as Stack).add((next, context) => async (args) => {
      const step = describe(service, context.commandName ?? 'unknown', (args as CommandArgs).input);
      return this.step(step, () => next(args));
    }, { step: 'initialize', name: 'crashInjection' });
  }

  /** Makes every method call of `target` a step. */
  wrap<T extends object>(target: T, name: string): T {
    return new Proxy(target, {
      get: (object, property, receiver) => {
        const value = Reflect.get(object, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => this.step({ label: `${name}.${String(property)}` }, () => (value as (...a: unknown[]) => Promise<unknown>).apply(object, args));
      },
    });
  }

  private async step<T>(step: Step, effect: () => Promise<T>): Promise<T> {
    const invocation = this.invocations.getStore();
    if (invocation?.dead) throw new Crash(`${step.label} (the invocation had crashed already)`);
    // A hand-over is open from the moment its write leaves: the write may land even if its answer is lost.
    if (invocation && step.handOver) invocation.window = step.handOver;
    const result = await effect();
    this.steps.push(step.label);
    if (!invocation) return result;
    if (step.outcomesOf && invocation.window?.key === step.outcomesOf) invocation.window = undefined;
    if (this.crashAfter(step.label, this.steps.length)) {
      invocation.dead = true;
      this.crashes.push(step.label);
      for (const recipient of invocation.window?.recipients ?? []) this.inDoubt.add(`${invocation.window!.campaignId}/${recipient}`);
      throw new Crash(step.label);
    }
    return result;
  }
}

/** Whether a step is one of the two after which a crash may leave recipients `unknown`: the hand-over write, and SES's call. */
export function inHandOverWindow(label: string): boolean {
  return label.includes('hand-over') || label === 'SES SendBulkEmail';
}

// Names a step by its call, and for a write to a batch's ledger record by what it records.
function describe(service: string, command: string, input: Record<string, unknown>): Step {
  const name = `${service} ${command.replace(/Command$/, '')}`;
  const key = (input.Key ?? input.Item) as { pk?: string; sk?: string } | undefined;
  if (!key?.sk) return { label: name };
  const item = `${name} ${key.sk.replace(/#.*/, '')}`;
  // Other updates are named by the first attribute they change (`settled`, `pages`, `fanOutLeaseUntil`, …).
  if (command === 'UpdateItemCommand' && !key.sk.startsWith('batch#')) return { label: `${item} (${/^(?:SET|ADD|REMOVE) ([#\w]+)/.exec(String(input.UpdateExpression))?.[1] ?? '?'})` };
  if (command !== 'UpdateItemCommand') return { label: item };
  const id = `${key.pk}/${key.sk}`;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  const handOver = values[':handOver'] as { recipients: string[] } | undefined;
  const campaignId = String(key.pk).replace(/^campaign#/, '');
  if (handOver) return { label: `${name} batch (${values[':lease'] ? 'lease and hand-over' : 'hand-over'})`, handOver: { key: id, campaignId, recipients: handOver.recipients } };
  const expression = String(input.UpdateExpression);
  return { label: `${name} batch (${expression.includes('#to') ? 'outcomes' : 'lease'})`, outcomesOf: id };
}
