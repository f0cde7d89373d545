import type { Preferences } from './subscriber';

/**
 * What a reader gets, in words for pages and mails: "every new article" or
 * "new articles tagged Rust, Go or Zig".
 *
 * @example
 * describePreferences({ tags: ['Rust', 'Go'] }); // 'new articles tagged Rust or Go'
 */
export function describePreferences(preferences: Preferences): string {
  const { tags } = preferences;
  if (tags.length === 0) return 'every new article';
  const list = tags.length === 1 ? tags[0]! : `${tags.slice(0, -1).join(', ')} or ${tags.at(-1)!}`;
  return `new articles tagged ${list}`;
}
