import { signToken } from './tokens';

// Unsubscribe links sit in old mails; they must keep working for a long time.
const UNSUBSCRIBE_LINK_DAYS = 730;

/**
 * The one-click unsubscribe URL of a subscriber, for mails and their
 * List-Unsubscribe header; it works for two years from `now`.
 *
 * @example
 * unsubscribeLink('https://news.example.com/', secret, subscriber.id, new Date());
 */
export function unsubscribeLink(siteUrl: string, secret: string, subscriberId: string, now: Date): string {
  const token = signToken({ subscriberId, purpose: 'unsubscribe', expiresAt: Math.floor(now.getTime() / 1000) + UNSUBSCRIBE_LINK_DAYS * 86_400 }, secret);
  return `${siteUrl}api/unsubscribe?token=${token}`;
}
