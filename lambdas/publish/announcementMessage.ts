import * as z from 'zod';
import type { ArticlePublished } from './ports';

const message = z.object({
  type: z.literal('ArticlePublished'),
  slug: z.string().min(1),
  url: z.url(),
  key: z.string().min(1),
  firstPublishedAt: z.iso.datetime({ offset: true }),
  entry: z.string().min(1).optional(),
});

/** The announcements queue's message body: the event, with its type, as JSON. */
export function toAnnouncementMessage(event: ArticlePublished): string {
  return JSON.stringify({ type: 'ArticlePublished', ...event });
}

/**
 * Reads an announcements queue message.
 *
 * @throws Error saying what is wrong; such a message ends in the dead-letter queue.
 */
export function parseAnnouncementMessage(body: string): ArticlePublished {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error(`announcement is not JSON: ${body.slice(0, 200)}`);
  }
  const parsed = message.safeParse(json);
  if (!parsed.success) throw new Error(`not an ArticlePublished announcement (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}): ${body.slice(0, 200)}`);
  const { type: _type, ...event } = parsed.data;
  return event;
}
