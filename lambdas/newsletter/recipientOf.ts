import { tagSlug } from '../site/tagUrl';
import type { Audience, Recipient } from './campaign';
import type { Reader } from './ports';

/**
 * Whether a confirmed reader gets a campaign, and as which recipient.
 *
 * - An article goes to readers who get each article (a weekly reader reads
 *   it in the digest instead): all of them without topics, the others only
 *   when the article has one of their topics.
 * - A digest goes to weekly readers, listing the articles they chose (all
 *   without topics); a reader it would list nothing for gets no digest.
 *
 * Topics compare by tag slug, so `AWS Lambda`, `aws lambda` and
 * `aws-lambda` are one. A campaign without an audience (from before topics)
 * goes to everyone.
 *
 * @example
 * recipientOf({ digest: [['rust'], ['go']] }, { id: 'a', email: 'a@example.com', tags: ['Go'], cadence: 'weekly' });
 * // { id: 'a', email: 'a@example.com', picks: [1] }
 */
export function recipientOf(audience: Audience | undefined, reader: Reader): Recipient | undefined {
  const recipient = { id: reader.id, email: reader.email };
  if (!audience) return recipient;
  const weekly = reader.cadence === 'weekly';
  const wants = (tags: readonly string[]) => !reader.tags || reader.tags.length === 0 || reader.tags.some((tag) => tags.includes(tagSlug(tag)));
  if ('tags' in audience) return !weekly && wants(audience.tags) ? recipient : undefined;
  if (!weekly) return undefined;
  const picks = audience.digest.flatMap((tags, i) => (wants(tags) ? [i] : []));
  return picks.length > 0 ? { ...recipient, picks } : undefined;
}
