import type { DigestSchedule } from '../../config/newsletterConfig';
import type { SiteConfig } from '../../config/siteConfig';
import { escapeHtml } from '../../site/escapeHtml';
import { InvalidEmailError, InvalidPreferencesError, InvalidTokenError, SubscriptionError } from '../../subscriptions/errors';
import { ConfirmationBudgetError, RateLimitedError, UsedTokenError, type Subscriptions } from '../../subscriptions/subscriptions';
import type { ApiRequest, ApiResponse } from './apiTypes';
import { isCrossSite } from './isCrossSite';
import { renderApiPage, renderConfirmPage, renderPreferencesPage, renderSubscribedPage, renderUnsubscribedPage, renderUnsubscribePage } from './renderApiPage';

const MAX_BODY_BYTES = 16 * 1024;
const API_PATHS = new Set(['/api/health', '/api/subscribe', '/api/confirm', '/api/unsubscribe', '/api/preferences']);

/** A request the API refuses, with the status and message the client gets. */
class BadRequest extends Error {
  constructor(readonly status: number, message: string, readonly event?: string) {
    super(message);
  }
}

/** What the router needs. */
export interface ApiDeps {
  readonly site: SiteConfig;
  readonly subscriptions: Subscriptions;
  /** When the weekly digest goes out, for the preference page. */
  readonly digest: DigestSchedule;
}

/**
 * The subscription API (DESIGN.md paths). Every bad request gets a 4xx with
 * a message, in HTML for people and JSON for programs; nothing a client
 * sends can produce a 5xx or a stack trace. No answer is ever 403: CloudFront
 * turns 403s into the site's 404 page (SiteHosting).
 *
 * @example
 * await routeApiRequest(deps, { method: 'GET', path: '/api/health', query: {}, headers: {}, body: '', clientIp: '127.0.0.1' });
 */
export async function routeApiRequest(deps: ApiDeps, request: ApiRequest): Promise<ApiResponse> {
  const wantsJson = (request.headers['content-type'] ?? '').includes('json') || (request.headers.accept ?? '').includes('application/json');
  const { site } = deps;
  try {
    if (Buffer.byteLength(request.body) > MAX_BODY_BYTES) throw new BadRequest(413, 'The request body is larger than 16 KB.');
    const route = `${request.method} ${request.path.replace(/\/+$/, '')}`;
    switch (route) {
      case 'GET /api/health':
        return json(200, { status: 'ok' });
      case 'POST /api/subscribe': {
        refuseCrossSite(request, site.url, site.title);
        const fields = parseBody(request);
        await deps.subscriptions.subscribe({ email: fields.email, clientIp: request.clientIp, honeypot: fields.website, tags: fields.tags, cadence: fields.cadence });
        const message = 'Thanks! If the address can be subscribed, a confirmation email is on its way. Click the link in it to start getting new articles.';
        return { ...(wantsJson ? json(202, { message }) : html(200, renderApiPage(site, 'Check your inbox', message))), event: 'SubscribeRequests' };
      }
      case 'GET /api/confirm': {
        // A GET changes nothing: mail scanners open links. The page's button confirms.
        const state = await deps.subscriptions.confirmationState(request.query.token);
        if (wantsJson) return json(200, { status: state });
        return html(200, state === 'confirmed' ? renderSubscribedPage(site, deps.subscriptions.linksFor(request.query.token, 'confirm').preferencesUrl) : renderConfirmPage(site, String(request.query.token)));
      }
      case 'POST /api/confirm': {
        refuseCrossSite(request, site.url, site.title);
        const confirmed = await deps.subscriptions.confirm(request.query.token);
        const page = () => renderSubscribedPage(site, deps.subscriptions.linksFor(request.query.token, 'confirm').preferencesUrl);
        return { ...(wantsJson ? json(200, { message: 'You are subscribed.' }) : html(200, page())), ...(confirmed && { event: 'SubscribersConfirmed' }) };
      }
      case 'GET /api/preferences': {
        // A GET changes nothing: the page's form saves.
        const view = await deps.subscriptions.preferences(request.query.token);
        if (wantsJson) return json(200, { email: view.email, subscribed: view.subscribed, ...view.preferences });
        return html(200, view.subscribed ? renderPreferencesPage(site, String(request.query.token), view, deps.digest) : renderUnsubscribedPage(site, view.email, true));
      }
      case 'POST /api/preferences': {
        refuseCrossSite(request, site.url, site.title);
        const fields = parseBody(request);
        const view = await deps.subscriptions.updatePreferences(request.query.token, { tags: fields.tags, cadence: fields.cadence });
        if (!view.subscribed) return wantsJson ? json(409, { message: 'This address is not subscribed.' }) : html(409, renderUnsubscribedPage(site, view.email, true));
        return { ...(wantsJson ? json(200, view.preferences) : html(200, renderPreferencesPage(site, String(request.query.token), view, deps.digest, true))), event: 'PreferencesChanged' };
      }
      case 'GET /api/unsubscribe': {
        const state = await deps.subscriptions.unsubscribeLinkState(request.query.token);
        return html(200, state.subscribed
          ? renderUnsubscribePage(site, String(request.query.token), state.email)
          : renderUnsubscribedPage(site, state.email, true));
      }
      case 'POST /api/unsubscribe': {
        // RFC 8058: the body is `List-Unsubscribe=One-Click`; no cookie or session is needed, the token is the authority.
        // Mail providers post it from their servers, so this route is open to any origin.
        const { email } = await deps.subscriptions.unsubscribe(request.query.token);
        return { ...(wantsJson ? json(200, { message: 'Unsubscribed.' }) : html(200, renderUnsubscribedPage(site, email, false))), event: 'SubscribersUnsubscribed' };
      }
      default:
        throw API_PATHS.has(request.path.replace(/\/+$/, ''))
          ? new BadRequest(405, `${request.method} is not allowed here.`)
          : new BadRequest(404, 'There is nothing at this address.');
    }
  } catch (error) {
    const [status, message, event] = refusal(error);
    // An expired link's page leads straight to the form that sends a new one.
    const again = status === 410 ? { actions: `<a class="button" href="${escapeHtml(site.url)}#subscribe">Subscribe again</a>` } : {};
    return { ...(wantsJson ? json(status, { message }) : html(status, renderApiPage(site, titleFor(status), message, again))), ...(event && { event }) };
  }
}

// A form on another site must not make its visitors subscribe someone (400, not 403: see above).
function refuseCrossSite(request: ApiRequest, siteUrl: string, siteTitle: string): void {
  if (isCrossSite(request, siteUrl)) throw new BadRequest(400, `This form can only be sent from the pages of ${siteTitle}.`, 'CrossSiteRefused');
}

// A form's repeated fields (ticked checkboxes of one name) arrive as a list, a single one as a string.
function parseBody(request: ApiRequest): Record<string, unknown> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(request.body);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      return parsed as Record<string, unknown>;
    } catch {
      throw new BadRequest(400, 'The body is not a JSON object such as {"email": "you@example.com"}.');
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(request.body);
    return Object.fromEntries([...new Set(form.keys())].map((name) => {
      const values = form.getAll(name);
      return [name, values.length === 1 ? values[0] : values];
    }));
  }
  throw new BadRequest(415, 'Send the form as application/x-www-form-urlencoded or JSON.');
}

function refusal(error: unknown): [number, string, string?] {
  if (error instanceof BadRequest) return [error.status, error.message, error.event];
  if (error instanceof ConfirmationBudgetError) return [429, error.message, 'ConfirmationBudgetReached'];
  if (error instanceof RateLimitedError) return [429, error.message];
  if (error instanceof InvalidEmailError) return [400, error.message];
  if (error instanceof InvalidPreferencesError) return [400, `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}`];
  if (error instanceof UsedTokenError) return [409, error.message];
  if (error instanceof InvalidTokenError) return [error.problem === 'expired' ? 410 : 400, `${error.message}${error.problem === 'expired' ? ' Subscribe again to get a new one.' : ''}`];
  if (error instanceof SubscriptionError) return [400, error.message];
  throw error; // a failure of ours, not the client's: the handler logs it and answers 500 without details
}

function titleFor(status: number): string {
  return status === 429 ? 'Slow down' : status === 404 ? 'Not found' : status === 409 || status === 410 ? 'Link no longer valid' : 'Something is not right';
}

function json(status: number, body: unknown): ApiResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, body: `${JSON.stringify(body)}\n` };
}

function html(status: number, body: string): ApiResponse {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, body };
}
