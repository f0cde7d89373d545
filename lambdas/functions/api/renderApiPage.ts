import type { SiteConfig } from '../../config/siteConfig';
import { escapeHtml } from '../../site/escapeHtml';
import { renderLayout } from '../../site/renderLayout';

/** Options of {@link renderApiPage}. */
export interface ApiPageOptions {
  /** HTML after the message: the page's actions (buttons, forms). */
  readonly actions?: string;
  /** Leave out the "Back to the site" link (a page whose actions lead on anyway). */
  readonly noBackLink?: boolean;
}

/**
 * A small page in the site's look for the API's answers to people (confirm,
 * unsubscribe, errors). It follows an action, so it never repeats the
 * subscribe form, and search engines are asked not to index it.
 */
export function renderApiPage(site: SiteConfig, title: string, message: string, options: ApiPageOptions = {}): string {
  const e = escapeHtml;
  const back = options.noBackLink ? '' : `<p><a href="${e(site.url)}">← Back to ${e(site.title)}</a></p>\n`;
  return renderLayout(site, { title: `${title} · ${site.title}`, description: message, canonicalUrl: site.url, ogType: 'website', noindex: true },
    `<div class="notice">
<h1>${e(title)}</h1>
<p role="status">${e(message)}</p>
${options.actions ? `<div class="actions">${options.actions}</div>\n` : ''}${back}</div>`);
}

/** A form whose one button POSTs, styled as the page's primary action or a quieter secondary one. */
export function postButton(action: string, label: string, fields: Readonly<Record<string, string>> = {}, kind: 'primary' | 'secondary' = 'primary'): string {
  const e = escapeHtml;
  const hidden = Object.entries(fields).map(([name, value]) => `<input type="hidden" name="${e(name)}" value="${e(value)}">`).join('');
  return `<form method="post" action="${e(action)}">${hidden}<button class="button${kind === 'secondary' ? ' secondary' : ''}" type="submit">${e(label)}</button></form>`;
}

/**
 * The unsubscribe page: a GET never unsubscribes (mail scanners follow
 * links), so the reader's action is this page's primary button; keeping the
 * subscription is the quiet way out.
 */
export function renderUnsubscribePage(site: SiteConfig, token: string, email: string | undefined): string {
  const action = `${site.url}api/unsubscribe?token=${encodeURIComponent(token)}`;
  const who = email ? `${email} will` : 'You will';
  return renderApiPage(site, `Unsubscribe from ${site.title}?`, `${who} stop getting new articles by email.`, {
    actions: `${postButton(action, 'Unsubscribe', { 'List-Unsubscribe': 'One-Click' })}<a class="button secondary" href="${escapeHtml(site.url)}">Keep my subscription</a>`,
    noBackLink: true,
  });
}

/**
 * After an unsubscribe, or a second visit to the link: the reader is out,
 * and one button subscribes the same address again (with a fresh confirmation).
 */
export function renderUnsubscribedPage(site: SiteConfig, email: string | undefined, already: boolean): string {
  const message = already ? `${email ?? 'This address'} gets no email from ${site.title}.` : `You will get no more email from ${site.title}.`;
  return renderApiPage(site, already ? 'You are already unsubscribed' : 'You are unsubscribed', message, {
    ...(email && { actions: postButton(`${site.url}api/subscribe`, 'Subscribe again', { email }, 'secondary') }),
  });
}

/** The page a confirmation link opens: a GET never confirms (mail scanners follow links), this button does. */
export function renderConfirmPage(site: SiteConfig, token: string): string {
  return renderApiPage(site, 'Confirm your subscription', `One more step: confirm that you want new articles from ${site.title} by email.`, {
    actions: postButton(`${site.url}api/confirm?token=${encodeURIComponent(token)}`, 'Confirm subscription'),
    noBackLink: true,
  });
}

/** After the confirmation's button, or a second visit to its link: the reader is in. */
export function renderSubscribedPage(site: SiteConfig): string {
  return renderApiPage(site, 'You are subscribed', `New articles from ${site.title} will arrive by email. Every email has a one-click unsubscribe link.`, {
    actions: `<a class="button" href="${escapeHtml(site.url)}">Read the articles</a>`,
    noBackLink: true,
  });
}
