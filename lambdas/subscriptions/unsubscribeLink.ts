import { signToken } from './tokens';

// Links in mails sit in old mails; they must keep working for a long time.
const MAIL_LINK_DAYS = 730;

/**
 * The one-click unsubscribe URL of a subscriber, for mails and their
 * List-Unsubscribe header; it works for two years from `now`.
 *
 * @example
 * unsubscribeLink('https://news.example.com/', secret, subscriber.id, new Date());
 */
export function unsubscribeLink(siteUrl: string, secret: string, subscriberId: string, now: Date): string {
  return `${siteUrl}api/unsubscribe?token=${mailToken(secret, subscriberId, 'unsubscribe', now)}`;
}

/**
 * The URL of a subscriber's preference page (topics, unsubscribe), for every
 * mail's footer; like the unsubscribe link, the token in it is the reader's
 * authority, and it works for two years from `now`.
 *
 * @example
 * preferencesLink('https://news.example.com/', secret, subscriber.id, new Date());
 */
export function preferencesLink(siteUrl: string, secret: string, subscriberId: string, now: Date): string {
  return `${siteUrl}api/preferences?token=${mailToken(secret, subscriberId, 'preferences', now)}`;
}

function mailToken(secret: string, subscriberId: string, purpose: 'unsubscribe' | 'preferences', now: Date): string {
  return signToken({ subscriberId, purpose, expiresAt: Math.floor(now.getTime() / 1000) + MAIL_LINK_DAYS * 86_400 }, secret);
}
