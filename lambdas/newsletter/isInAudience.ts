import { tagSlug } from '../site/tagUrl';
import type { Audience } from './campaign';
import type { Reader } from './ports';

/**
 * Whether a confirmed reader gets a campaign: a reader without topics gets
 * every article; one with topics only an article that has one of them
 * (compared by tag slug, so `AWS Lambda`, `aws lambda` and `aws-lambda` are
 * one topic). A campaign without an audience goes to everyone.
 *
 * @example
 * isInAudience({ tags: ['rust'] }, { id: 'a', email: 'a@example.com', tags: ['Rust'] }); // true
 */
export function isInAudience(audience: Audience | undefined, reader: Reader): boolean {
  if (!audience || !reader.tags || reader.tags.length === 0) return true;
  const articleTags = new Set(audience.tags.map(tagSlug));
  return reader.tags.some((tag) => articleTags.has(tagSlug(tag)));
}
