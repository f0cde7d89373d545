import type { SiteConfig } from '../config/siteConfig';
import { SubscriptionError } from './errors';
import { normaliseEmail } from './normaliseEmail';
import type { LatestArticleSource, Mailer, SubscriberStore } from './ports';
import { renderConfirmationMail, renderWelcomeMail } from './renderMail';
import { subscriberId } from './subscriberId';
import { signToken, verifyToken } from './tokens';
import { unsubscribeLink } from './unsubscribeLink';

const HOUR = 3_600_000;
const CONFIRM_LINK_HOURS = 48;

/** A client that sent too many requests in the current window. */
export class RateLimitedError extends SubscriptionError {}

/** A confirmation link used after the subscription it confirms has moved on. */
export class UsedTokenError extends SubscriptionError {}

/** Everything the flows need, handed in so tests can point them at emulators. */
export interface SubscriptionsDeps {
  readonly site: SiteConfig;
  readonly store: SubscriberStore;
  readonly mailer: Mailer;
  /** The HMAC key for link tokens, generated at deploy time. */
  readonly secret: string;
  /** Requests one client address may make per hour. @default 10 */
  readonly perIpHourlyLimit?: number;
  /** Send a welcome mail after confirming. @default true */
  readonly welcome?: boolean;
  /** The sender's postal address for the mails' footer. @default none shown */
  readonly postalAddress?: string;
  /** Where the welcome mail finds the latest article. @default none mentioned */
  readonly latestArticle?: LatestArticleSource;
  readonly clock?: () => Date;
}

/**
 * Double opt-in and one-click unsubscribe. The answer to `subscribe` is the
 * same whatever state the address is in, so the form cannot be used to learn
 * who subscribes, and it mails at most one confirmation per address per hour,
 * so it cannot be used to flood an inbox.
 */
export class Subscriptions {
  private readonly clock: () => Date;

  constructor(private readonly deps: SubscriptionsDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /**
   * Starts a subscription: records the address as pending and mails a
   * confirmation link, unless that would reveal or repeat something.
   *
   * @throws InvalidEmailError for an address that cannot be used.
   * @throws RateLimitedError when the client has sent too many requests this hour.
   */
  async subscribe(input: { email: unknown; clientIp: string; honeypot?: unknown }): Promise<void> {
    const email = normaliseEmail(input.email);
    const now = this.clock();
    const window = now.toISOString().slice(0, 13);
    const allowed = await this.deps.store.withinRateLimit(`ip#${input.clientIp}`, this.deps.perIpHourlyLimit ?? 10, window, Math.floor(now.getTime() / 1000) + 2 * 3600);
    if (!allowed) throw new RateLimitedError('Too many requests from your network. Try again in an hour.');
    // Bots fill the hidden field; they get the same answer and no mail.
    if (typeof input.honeypot === 'string' && input.honeypot !== '') return;

    const id = subscriberId(email);
    const at = now.toISOString();
    await this.deps.store.putPending({ id, email, status: 'pending', source: 'form', createdAt: at, updatedAt: at });
    const current = await this.deps.store.get(id);
    if (current?.status !== 'pending') return;
    if (!(await this.deps.store.markConfirmationSent(id, at, new Date(now.getTime() - HOUR).toISOString()))) return;
    const token = signToken({ subscriberId: id, purpose: 'confirm', expiresAt: seconds(now) + CONFIRM_LINK_HOURS * 3600 }, this.deps.secret);
    await this.deps.mailer.send(renderConfirmationMail(this.deps.site, current.email, `${this.apiUrl()}confirm?token=${token}`, this.footer()));
  }

  /**
   * Confirms a pending subscription from the link in the mail.
   *
   * @throws InvalidTokenError (from ./errors) for a malformed, forged or expired link.
   * @throws UsedTokenError when the subscription is no longer pending.
   */
  async confirm(token: unknown): Promise<void> {
    const now = this.clock();
    const id = verifyToken(token, 'confirm', this.deps.secret, now);
    if (!(await this.deps.store.transition(id, ['pending'], 'confirmed', now.toISOString()))) {
      throw new UsedTokenError('This link has already been used.');
    }
    const subscriber = await this.deps.store.get(id);
    if (subscriber && this.deps.welcome !== false) {
      const latest = await this.deps.latestArticle?.latest();
      await this.deps.mailer.send(renderWelcomeMail(this.deps.site, subscriber.email, this.unsubscribeUrl(id), latest, this.footer()));
    }
  }

  /**
   * Unsubscribes at once. Repeating it is harmless, as RFC 8058 one-click
   * requests may be retried by mail providers.
   *
   * @returns the address, for the page that offers to subscribe it again (none once erased).
   * @throws InvalidTokenError for a malformed, forged or expired link.
   */
  async unsubscribe(token: unknown): Promise<{ email?: string }> {
    const now = this.clock();
    const id = verifyToken(token, 'unsubscribe', this.deps.secret, now);
    await this.deps.store.transition(id, ['pending', 'confirmed'], 'unsubscribed', now.toISOString());
    const subscriber = await this.deps.store.get(id);
    return subscriber ? { email: subscriber.email } : {};
  }

  /**
   * Checks an unsubscribe link without acting on it, for the page with the
   * button: who it is for, and whether they are still subscribed.
   *
   * @throws InvalidTokenError for a malformed, forged or expired link.
   */
  async unsubscribeLinkState(token: unknown): Promise<{ email?: string; subscribed: boolean }> {
    const id = verifyToken(token, 'unsubscribe', this.deps.secret, this.clock());
    const subscriber = await this.deps.store.get(id);
    return { ...(subscriber && { email: subscriber.email }), subscribed: subscriber?.status === 'pending' || subscriber?.status === 'confirmed' };
  }

  /** The one-click unsubscribe URL for a subscriber, for mails and List-Unsubscribe headers. */
  unsubscribeUrl(id: string): string {
    return unsubscribeLink(this.deps.site.url, this.deps.secret, id, this.clock());
  }

  private footer(): { postalAddress?: string } {
    return this.deps.postalAddress ? { postalAddress: this.deps.postalAddress } : {};
  }

  private apiUrl(): string {
    return `${this.deps.site.url}api/`;
  }
}

function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

