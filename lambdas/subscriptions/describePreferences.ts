import type { Preferences } from './subscriber';

/**
 * What a reader gets, in words for pages and mails: "every new article",
 * "new articles tagged Rust, Go or Zig", or either as "a weekly digest of …".
 *
 * @example
 * describePreferences({ tags: ['Rust', 'Go'], cadence: 'weekly' }); // 'a weekly digest of new articles tagged Rust or Go'
 */
export function describePreferences(preferences: Preferences): string {
  const { tags, cadence } = preferences;
  const list = tags.length <= 1 ? tags[0] : `${tags.slice(0, -1).join(', ')} or ${tags.at(-1)!}`;
  const articles = list === undefined ? 'every new article' : `new articles tagged ${list}`;
  return cadence === 'weekly' ? `a weekly digest of ${articles}` : articles;
}
