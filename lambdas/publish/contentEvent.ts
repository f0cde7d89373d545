/** A change to one key of the content bucket, as S3 reported it. */
export interface ContentChange {
  readonly kind: 'change';
  readonly key: string;
  /** S3's per-key ordering token, normalised by `normaliseSequencer`. */
  readonly sequencer: string;
}

/** The schedule's nudge: publish what has come due, finish what a crash or a lost message left, start a re-render after a deploy. */
export interface ScheduleTick {
  readonly kind: 'tick';
}

/** Look at these keys again, whatever the record says: reconcile's re-drives and the delayed recheck of a deletion. */
export interface Redrive {
  readonly kind: 'redrive';
  readonly keys: readonly string[];
}

/** One page of a reconcile: keys after `after` (from the start when absent). */
export interface ReconcileStep {
  readonly kind: 'reconcile';
  readonly after?: string;
}

/** One page of a re-render: keys after `after`; `all` re-renders pages that are current too. */
export interface RerenderStep {
  readonly kind: 'rerender';
  readonly after?: string;
  readonly all: boolean;
}

/** Everything the publish function reacts to. */
export type ContentEvent = ContentChange | ScheduleTick | Redrive | ReconcileStep | RerenderStep;

/** The bodies Herald puts on the events queue itself (everything but S3's notifications). */
export type HeraldMessage =
  | { readonly source: 'herald.schedule' }
  | { readonly source: 'herald.redrive'; readonly keys: readonly string[] }
  | { readonly source: 'herald.reconcile'; readonly after?: string }
  | { readonly source: 'herald.rerender'; readonly after?: string; readonly all?: boolean };

interface S3NotificationRecord {
  eventName?: string;
  s3?: { object?: { key?: string; sequencer?: string | number } };
}

/** The queue body of one of Herald's own messages. */
export function heraldMessage(message: HeraldMessage): string {
  return JSON.stringify(message);
}

/**
 * Reads one queue message body: an S3 event notification (one or more
 * records), S3's `s3:TestEvent` (ignored), or one of Herald's own messages
 * (`{ "source": "herald.schedule" }` and the others of {@link HeraldMessage}).
 *
 * @throws SyntaxError or TypeError for a body that is none of these; the caller sends it to the dead-letter queue.
 */
export function contentEventsFrom(body: string): ContentEvent[] {
  const message = JSON.parse(body) as { Records?: S3NotificationRecord[]; Event?: string; source?: string; keys?: unknown; after?: unknown; all?: unknown };
  if (typeof message.source === 'string' && message.source.startsWith('herald.')) return [heraldEvent(message)];
  if (message.Event === 's3:TestEvent') return [];
  if (!Array.isArray(message.Records)) throw new TypeError('message is neither an S3 event notification nor one of Herald\'s own');
  return message.Records.map((record) => {
    const key = record.s3?.object?.key;
    const sequencer = record.s3?.object?.sequencer;
    if (typeof key !== 'string' || sequencer === undefined) throw new TypeError('S3 record without object key or sequencer');
    // S3 URL-encodes keys in notifications, with '+' for spaces.
    return { kind: 'change', key: decodeURIComponent(key.replace(/\+/g, ' ')), sequencer: normaliseSequencer(sequencer) };
  });
}

function heraldEvent(message: { source?: string; keys?: unknown; after?: unknown; all?: unknown }): ContentEvent {
  const after = typeof message.after === 'string' ? { after: message.after } : {};
  switch (message.source) {
    case 'herald.schedule':
      return { kind: 'tick' };
    case 'herald.redrive':
      if (!Array.isArray(message.keys) || !message.keys.every((k) => typeof k === 'string')) throw new TypeError('herald.redrive without a list of keys');
      return { kind: 'redrive', keys: message.keys as string[] };
    case 'herald.reconcile':
      return { kind: 'reconcile', ...after };
    case 'herald.rerender':
      return { kind: 'rerender', ...after, all: message.all === true };
    default:
      throw new TypeError(`unknown message source "${message.source}"`);
  }
}

/**
 * S3 sequencers are hex strings of varying length that order events for one
 * key when compared as numbers; zero-padding makes string comparison do that.
 * (s3rver sends `Date.now()`, a decimal number, which pads and orders the same way.)
 */
export function normaliseSequencer(sequencer: string | number): string {
  return String(sequencer).toUpperCase().padStart(32, '0');
}
