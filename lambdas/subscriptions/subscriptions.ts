import type { SiteConfig } from '../config/siteConfig';
import { tagSlug } from '../site/tagUrl';
import { SubscriptionError } from './errors';
import { normaliseEmail } from './normaliseEmail';
import { parseCadence, parseTags } from './parseTags';
import { rateLimitKeyFor } from './rateLimitKeyFor';
import type { Invitation, InvitationQueue, LatestArticleSource, Mailer, SubscriberLinks, SubscriberStore, TopicSource } from './ports';
import { DEFAULT_CONFIRMATION_MAILS_PER_DAY, DEFAULT_SUBSCRIBE_REQUESTS_PER_HOUR } from './subscribeLimits';
import { renderConfirmationMail, renderWelcomeMail } from './renderMail';
import { preferencesOf, type Preferences } from './subscriber';
import { subscriberId } from './subscriberId';
import { signToken, verifyToken, type TokenPurpose } from './tokens';
import { preferencesLink, unsubscribeLink } from './unsubscribeLink';

const HOUR = 3_600_000;
const CONFIRM_LINK_HOURS = 48;
// An invitation older than this (a dead-letter queue redriven days later) mails nobody: the reader may have forgotten asking.
const INVITATION_HOURS = 24;
const BUDGET_KEY = 'confirmations';

/** A client that sent too many requests in the current window. */
export class RateLimitedError extends SubscriptionError {}

/** The day's budget of confirmation mails is spent: nobody is sent one until the next UTC day. */
export class ConfirmationBudgetError extends RateLimitedError {}

/** What became of an invitation: only `sent` mailed anyone. */
export type InvitationOutcome = 'sent' | 'not-pending' | 'too-soon' | 'over-budget' | 'stale';

/** Where a confirmation link stands, for the page it opens. */
export type ConfirmationState = 'pending' | 'confirmed';

/** What the preference page shows: who, whether still subscribed, what they get. */
export interface PreferencesView extends SubscriberLinks {
  /** Absent once the subscriber was erased. */
  readonly email?: string;
  readonly subscribed: boolean;
  readonly preferences: Preferences;
  /** Topics to offer: the site's recent tags and the reader's own. */
  readonly topics: readonly string[];
}

/** A confirmation link used after the subscription it confirms has moved on. */
export class UsedTokenError extends SubscriptionError {}

/** Everything the flows need, handed in so tests can point them at emulators. */
export interface SubscriptionsDeps {
  readonly site: SiteConfig;
  readonly store: SubscriberStore;
  readonly mailer: Mailer;
  /** Where subscribe requests wait for their confirmation mail. */
  readonly invitations: InvitationQueue;
  /** The HMAC key for link tokens, generated at deploy time. */
  readonly secret: string;
  /** Requests one client address (an IPv6 client: its /64) may make per hour. @default 10 */
  readonly perClientHourlyLimit?: number;
  /** Confirmation mails in one UTC day, whoever asks. @default 200 */
  readonly confirmationMailsPerDay?: number;
  /** Send a welcome mail after confirming. @default true */
  readonly welcome?: boolean;
  /** The sender's postal address for the mails' footer. @default none shown */
  readonly postalAddress?: string;
  /** Where the welcome mail finds the latest article. @default none mentioned */
  readonly latestArticle?: LatestArticleSource;
  /** Where the preference page finds the topics to offer. @default the reader's own only */
  readonly topics?: TopicSource;
  readonly clock?: () => Date;
}

/**
 * Double opt-in and one-click unsubscribe. A subscribe request does the same
 * work whatever state the address is in (counts the client, checks the day's
 * budget, queues an invitation), so neither its answer nor its timing tells
 * who subscribes; the confirmation mail is sent off the request path, at most
 * one per address per hour and at most `confirmationMailsPerDay` a day, so
 * the form cannot be used to flood an inbox or the SES account's reputation.
 */
export class Subscriptions {
  private readonly clock: () => Date;

  constructor(private readonly deps: SubscriptionsDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /**
   * Takes a subscribe request: checks the address and the limits, then queues
   * the invitation whose mail `invite` sends.
   *
   * @throws InvalidEmailError for an address that cannot be used.
   * @throws InvalidPreferencesError (from ./errors) for topics that cannot be used.
   * @throws RateLimitedError when the client has sent too many requests this hour.
   * @throws ConfirmationBudgetError when the day's confirmation mails are spent.
   */
  async subscribe(input: { email: unknown; clientIp: string; honeypot?: unknown; tags?: unknown; cadence?: unknown }): Promise<void> {
    const email = normaliseEmail(input.email);
    const tags = parseTags(input.tags);
    const cadence = parseCadence(input.cadence);
    const now = this.clock();
    const hour = now.toISOString().slice(0, 13);
    const allowed = await this.deps.store.withinRateLimit(`ip#${rateLimitKeyFor(input.clientIp)}`, this.deps.perClientHourlyLimit ?? DEFAULT_SUBSCRIBE_REQUESTS_PER_HOUR, hour, seconds(now) + 2 * 3600);
    if (!allowed) throw new RateLimitedError('Too many requests from your network. Try again in an hour.');
    if ((await this.deps.store.rateCount(BUDGET_KEY, day(now))) >= this.budget()) {
      throw new ConfirmationBudgetError('So many people subscribed today that we have stopped sending confirmation emails until tomorrow. Please try again then.');
    }
    // Bots fill the hidden field; they get the same answer and no mail.
    if (typeof input.honeypot === 'string' && input.honeypot !== '') return;
    await this.deps.invitations.enqueue({ email, ...(tags.length > 0 && { tags }), ...(cadence !== 'each' && { cadence }), requestedAt: now.toISOString() });
  }

  /**
   * Sends the confirmation mail of a queued subscribe request: records the
   * address as pending and mails it a confirmation link, unless that would
   * repeat something (confirmed already, a mail within the hour) or the
   * day's budget is spent. Repeating an invitation is harmless. The topics
   * and cadence asked for are recorded with the pending subscription (the latest request
   * wins until it is confirmed); a confirmed reader's are never changed by a
   * subscribe request, which anyone can make: only their preference page does.
   */
  async invite(invitation: Invitation): Promise<InvitationOutcome> {
    const now = this.clock();
    if (now.getTime() - Date.parse(invitation.requestedAt) > INVITATION_HOURS * HOUR) return 'stale';
    const email = normaliseEmail(invitation.email);
    const id = subscriberId(email);
    const at = now.toISOString();
    const notAfter = new Date(now.getTime() - HOUR).toISOString();
    const tags = parseTags(invitation.tags);
    await this.deps.store.putPending({ id, email, status: 'pending', source: 'form', createdAt: at, updatedAt: at, ...(tags.length > 0 && { tags }), cadence: parseCadence(invitation.cadence) });
    const current = await this.deps.store.get(id);
    if (current?.status !== 'pending') return 'not-pending';
    if (current.lastConfirmationSentAt && current.lastConfirmationSentAt > notAfter) return 'too-soon';
    if (!(await this.deps.store.withinRateLimit(BUDGET_KEY, this.budget(), day(now), seconds(now) + 2 * 86_400))) return 'over-budget';
    if (!(await this.deps.store.markConfirmationSent(id, at, notAfter))) return 'too-soon';
    const token = signToken({ subscriberId: id, purpose: 'confirm', expiresAt: seconds(now) + CONFIRM_LINK_HOURS * 3600 }, this.deps.secret);
    try {
      await this.deps.mailer.send(renderConfirmationMail(this.deps.site, current.email, `${this.apiUrl()}confirm?token=${token}`, this.footer()));
    } catch (error) {
      // Without this, the hourly limit would keep the retried invitation from ever mailing.
      await this.deps.store.clearConfirmationSent(id, at);
      throw error;
    }
    return 'sent';
  }

  /**
   * Where the subscription of a confirmation link stands, for the page the
   * link opens; nothing changes (link scanners open links too).
   *
   * @throws InvalidTokenError (from ./errors) for a malformed, forged or expired link.
   * @throws UsedTokenError when the subscription is neither pending nor confirmed.
   */
  async confirmationState(token: unknown): Promise<ConfirmationState> {
    const id = verifyToken(token, 'confirm', this.deps.secret, this.clock());
    const status = (await this.deps.store.get(id))?.status;
    if (status === 'pending' || status === 'confirmed') return status;
    throw new UsedTokenError('This link is no longer valid: the subscription it confirms has ended. Subscribe again to get a new one.');
  }

  /**
   * Confirms a pending subscription (the button on the link's page). A
   * subscription confirmed already stays so and is not an error: the reader
   * may press the button twice.
   *
   * @returns whether this call confirmed it.
   * @throws InvalidTokenError (from ./errors) for a malformed, forged or expired link.
   * @throws UsedTokenError when the subscription is neither pending nor confirmed.
   */
  async confirm(token: unknown): Promise<boolean> {
    const now = this.clock();
    const id = verifyToken(token, 'confirm', this.deps.secret, now);
    if (!(await this.deps.store.transition(id, ['pending'], 'confirmed', now.toISOString()))) {
      if ((await this.deps.store.get(id))?.status === 'confirmed') return false;
      throw new UsedTokenError('This link is no longer valid: the subscription it confirms has ended. Subscribe again to get a new one.');
    }
    const subscriber = await this.deps.store.get(id);
    if (subscriber && this.deps.welcome !== false) {
      const latest = await this.deps.latestArticle?.latest();
      await this.deps.mailer.send(renderWelcomeMail(this.deps.site, subscriber.email, this.links(id), { ...(latest && { latest }), preferences: preferencesOf(subscriber), ...this.footer() }));
    }
    return true;
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

  /**
   * The preference page's view of the reader a preferences link names.
   *
   * @throws InvalidTokenError for a malformed, forged or expired link.
   */
  async preferences(token: unknown): Promise<PreferencesView> {
    const id = verifyToken(token, 'preferences', this.deps.secret, this.clock());
    return this.viewOf(id);
  }

  /**
   * Saves what the reader of a preferences link wants from the next mail on;
   * a field left out (a program's partial request) keeps its value, so the
   * page's form, which always sends both, sets both. An unsubscribed (or
   * erased) reader's choice is not saved: the view says they are not
   * subscribed, and the page offers to subscribe again.
   *
   * @throws InvalidTokenError for a malformed, forged or expired link.
   * @throws InvalidPreferencesError (from ./errors) for topics or a cadence that cannot be used.
   */
  async updatePreferences(token: unknown, input: { tags?: unknown; cadence?: unknown }): Promise<PreferencesView> {
    const now = this.clock();
    const id = verifyToken(token, 'preferences', this.deps.secret, now);
    const current = preferencesOf((await this.deps.store.get(id)) ?? {});
    const preferences = {
      tags: input.tags === undefined ? current.tags : parseTags(input.tags),
      cadence: input.cadence === undefined ? current.cadence : parseCadence(input.cadence),
    };
    await this.deps.store.setPreferences(id, preferences, now.toISOString());
    return this.viewOf(id);
  }

  /**
   * The links of the subscriber a token names (a confirmation link's page
   * links to the preference page).
   *
   * @throws InvalidTokenError for a malformed, forged or expired link.
   */
  linksFor(token: unknown, purpose: TokenPurpose): SubscriberLinks {
    return this.links(verifyToken(token, purpose, this.deps.secret, this.clock()));
  }

  /** The one-click unsubscribe and preference page URLs of a subscriber, for mails and List-Unsubscribe headers. */
  links(id: string): SubscriberLinks {
    const now = this.clock();
    return { unsubscribeUrl: unsubscribeLink(this.deps.site.url, this.deps.secret, id, now), preferencesUrl: preferencesLink(this.deps.site.url, this.deps.secret, id, now) };
  }

  private async viewOf(id: string): Promise<PreferencesView> {
    // Suggestions only: the page works without them.
    const [subscriber, recent] = await Promise.all([this.deps.store.get(id), this.deps.topics?.topics().catch(() => []) ?? []]);
    const preferences = preferencesOf(subscriber ?? {});
    const own = new Set(preferences.tags.map(tagSlug));
    return {
      ...this.links(id),
      ...(subscriber && { email: subscriber.email }),
      subscribed: subscriber?.status === 'pending' || subscriber?.status === 'confirmed',
      preferences,
      topics: [...preferences.tags, ...recent.filter((t) => !own.has(tagSlug(t)))],
    };
  }

  private footer(): { postalAddress?: string } {
    return this.deps.postalAddress ? { postalAddress: this.deps.postalAddress } : {};
  }

  private apiUrl(): string {
    return `${this.deps.site.url}api/`;
  }

  private budget(): number {
    return this.deps.confirmationMailsPerDay ?? DEFAULT_CONFIRMATION_MAILS_PER_DAY;
  }
}

function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

