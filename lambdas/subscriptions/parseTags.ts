import { tagSlug } from '../site/tagUrl';
import { InvalidPreferencesError } from './errors';
import type { Cadence } from './subscriber';

/** Most topics one reader may choose; more is a form filled in by a program. */
export const MAX_TAGS = 30;
const MAX_TAG_LENGTH = 80;

/**
 * Reads the topics of a subscribe or preferences request: a list (repeated
 * form fields, a JSON array) or one comma-separated field, or both. Each
 * topic is trimmed and its white space collapsed; empty ones are dropped and
 * two that have one tag slug are one topic (the first spelling is kept).
 * Nothing (absent, empty) means every article.
 *
 * @throws InvalidPreferencesError naming the field and what is wrong.
 * @example
 * parseTags('Rust, rust ,  AWS  Lambda'); // ['Rust', 'AWS Lambda']
 * parseTags(['rust', 'go,zig']); // ['rust', 'go', 'zig']
 */
export function parseTags(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const given = Array.isArray(value) ? value : [value];
  if (!given.every((item): item is string => typeof item === 'string')) throw new InvalidPreferencesError('tags', 'give topics as text: a list, or one field with commas between them.');
  const tags = new Map<string, string>();
  for (const raw of given.flatMap((item) => item.split(','))) {
    const tag = raw.trim().replace(/\s+/g, ' ');
    if (tag === '') continue;
    if (/[\u0000-\u001f\u007f]/.test(tag)) throw new InvalidPreferencesError('tags', 'a topic cannot contain control characters.');
    if (tag.length > MAX_TAG_LENGTH) throw new InvalidPreferencesError('tags', `"${tag.slice(0, 20)}…" is longer than ${MAX_TAG_LENGTH} characters.`);
    if (!tags.has(tagSlug(tag))) tags.set(tagSlug(tag), tag);
  }
  if (tags.size > MAX_TAGS) throw new InvalidPreferencesError('tags', `choose at most ${MAX_TAGS} topics (there were ${tags.size}).`);
  return [...tags.values()];
}

/**
 * Reads the cadence of a subscribe or preferences request: `each` (also when
 * absent or empty) or `weekly`.
 *
 * @throws InvalidPreferencesError for anything else.
 */
export function parseCadence(value: unknown): Cadence {
  if (value === undefined || value === null || value === '') return 'each';
  if (value === 'each' || value === 'weekly') return value;
  throw new InvalidPreferencesError('cadence', 'choose "each" (a mail for each new article) or "weekly" (one digest a week).');
}
