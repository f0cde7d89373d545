/** A change to one key of the content bucket, as S3 reported it. */
export interface ContentChange {
  readonly kind: 'change';
  readonly key: string;
  /** S3's per-key ordering token, normalised by `normaliseSequencer`. */
  readonly sequencer: string;
}

/** The schedule's nudge: publish what has come due, withdraw what has expired. */
export interface ScheduleTick {
  readonly kind: 'tick';
}

/** Everything the publish handler reacts to. */
export type ContentEvent = ContentChange | ScheduleTick;

interface S3NotificationRecord {
  eventName?: string;
  s3?: { object?: { key?: string; sequencer?: string | number } };
}

/**
 * Reads one queue message body: an S3 event notification (one or more
 * records), S3's `s3:TestEvent` (ignored), or the schedule's
 * `{ "source": "herald.schedule" }`.
 *
 * @throws SyntaxError or TypeError for a body that is none of these; the caller sends it to the dead-letter queue.
 */
export function contentEventsFrom(body: string): ContentEvent[] {
  const message = JSON.parse(body) as { Records?: S3NotificationRecord[]; Event?: string; source?: string };
  if (message.source === 'herald.schedule') return [{ kind: 'tick' }];
  if (message.Event === 's3:TestEvent') return [];
  if (!Array.isArray(message.Records)) throw new TypeError('message is neither an S3 event notification nor a schedule tick');
  return message.Records.map((record) => {
    const key = record.s3?.object?.key;
    const sequencer = record.s3?.object?.sequencer;
    if (typeof key !== 'string' || sequencer === undefined) throw new TypeError('S3 record without object key or sequencer');
    // S3 URL-encodes keys in notifications, with '+' for spaces.
    return { kind: 'change', key: decodeURIComponent(key.replace(/\+/g, ' ')), sequencer: normaliseSequencer(sequencer) };
  });
}

/**
 * S3 sequencers are hex strings of varying length that order events for one
 * key when compared as numbers; zero-padding makes string comparison do that.
 * (s3rver sends `Date.now()`, a decimal number, which pads and orders the same way.)
 */
export function normaliseSequencer(sequencer: string | number): string {
  return String(sequencer).toUpperCase().padStart(32, '0');
}
