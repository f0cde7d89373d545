import { DIGEST_REQUEST_TYPE } from '../../lambdas/newsletter/digestRequest';
import type { RoutedBatch } from './eventRouter';

/**
 * The dev console's line for a handled batch, or nothing for a schedule tick
 * that changed nothing (one every 30 seconds would bury what matters).
 * `changes` are what the rebuild did during the batch, such as
 * "published posts/a.md".
 *
 * @example
 * describeBatch({ queue: 'content', bodies: ['{"source":"herald.schedule"}'], failed: 0, ms: 3 }, []); // undefined
 */
export function describeBatch(batch: RoutedBatch, changes: readonly string[]): string | undefined {
  const ticksOnly = batch.queue === 'content' && batch.bodies.every((body) => (JSON.parse(body) as { source?: string }).source === 'herald.schedule');
  if (ticksOnly && changes.length === 0 && !batch.failed) return undefined;
  const what = ticksOnly ? `schedule tick: ${changes.join(', ') || 'nothing changed'}` : `${describe(batch.queue, batch.bodies)}${changes.length > 0 ? `: ${changes.join(', ')}` : ''}`;
  return `${what} in ${batch.ms} ms${batch.failed ? `, ${batch.failed} failed (will retry)` : ''}`;
}

function describe(queue: string, bodies: readonly string[]): string {
  if (queue === 'rebuild') {
    const slugs = [...new Set(bodies.flatMap((b) => (JSON.parse(b) as { slugs: string[] }).slugs))];
    return `site rebuilt${slugs.length > 0 ? ` for ${slugs.join(', ')}` : ''}`;
  }
  if (queue === 'announcements') {
    return bodies.map((b) => {
      const message = JSON.parse(b) as { slug?: string; type?: string; at?: string };
      return message.type === DIGEST_REQUEST_TYPE ? `weekly digest asked for (${message.at ?? '?'})` : `newsletter started for ${message.slug ?? '?'}`;
    }).join('; ');
  }
  if (queue === 'websub') return `WebSub hub told of ${bodies.flatMap((b) => (JSON.parse(b) as { feeds?: string[] }).feeds ?? []).join(', ')}`;
  if (queue === 'deliveries') {
    const batches = bodies.map((b) => JSON.parse(b) as { campaignId: string; recipients: unknown[] });
    const recipients = batches.reduce((n, b) => n + b.recipients.length, 0);
    return `newsletter ${[...new Set(batches.map((b) => b.campaignId))].join(', ')} sent to ${recipients} recipient${recipients === 1 ? '' : 's'}`;
  }
  const keys = bodies.flatMap((body) => {
    const message = JSON.parse(body) as { source?: string; keys?: string[]; Records?: { eventName?: string; s3?: { object?: { key?: string } } }[] };
    if (message.source === 'herald.redrive') return (message.keys ?? []).map((key) => `re-driven ${key}`);
    if (message.source) return [message.source.replace('herald.', '').replace('schedule', 'schedule tick')];
    return (message.Records ?? []).map((r) => `${r.eventName ?? 'event'} ${decodeURIComponent(r.s3?.object?.key ?? '?')}`);
  });
  return `handled ${keys.join(', ')}`;
}
