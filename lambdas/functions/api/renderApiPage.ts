import { describeDigestSchedule, type DigestSchedule } from '../../config/newsletterConfig';
import type { SiteConfig } from '../../config/siteConfig';
import { escapeHtml } from '../../site/escapeHtml';
import { renderLayout } from '../../site/renderLayout';
import { tagSlug } from '../../site/tagUrl';
import { describePreferences } from '../../subscriptions/describePreferences';
import type { Cadence } from '../../subscriptions/subscriber';
import type { PreferencesView } from '../../subscriptions/subscriptions';

/** Options of {@link renderApiPage}. */
export interface ApiPageOptions {
  /** HTML between the message and the actions, such as a form. */
  readonly content?: string;
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
${options.content ? `${options.content}\n` : ''}${options.actions ? `<div class="actions">${options.actions}</div>\n` : ''}${back}</div>`);
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

function cadenceChoice(value: Cadence, label: string, chosen: Cadence): string {
  return `<label><input type="radio" name="cadence" value="${value}"${value === chosen ? ' checked' : ''}>${escapeHtml(label)}</label>`;
}

/**
 * After the confirmation's button, or a second visit to its link: the reader
 * is in, and may choose topics on their preference page.
 */
export function renderSubscribedPage(site: SiteConfig, preferencesUrl: string): string {
  const e = escapeHtml;
  return renderApiPage(site, 'You are subscribed', `New articles from ${site.title} will arrive by email. Every email has a link to choose what you get and a one-click unsubscribe link.`, {
    actions: `<a class="button" href="${e(site.url)}">Read the articles</a><a class="button secondary" href="${e(preferencesUrl)}">Choose what you get</a>`,
    noBackLink: true,
  });
}

/**
 * The preference page a mail's footer links to: the topics the site writes
 * about lately as checkboxes (the reader's own ticked), a field for others,
 * how often (each article, or the weekly digest),
 * and a quiet one-click unsubscribe beside the Save button. A plain form, so
 * it works without JavaScript; `saved` says the change was stored.
 */
export function renderPreferencesPage(site: SiteConfig, token: string, view: PreferencesView, digest: DigestSchedule, saved = false): string {
  const e = escapeHtml;
  const action = `${site.url}api/preferences?token=${encodeURIComponent(token)}`;
  const chosen = new Set(view.preferences.tags.map(tagSlug));
  const who = view.email ?? 'This address';
  const what = describePreferences(view.preferences);
  const message = saved ? `Saved. From the next email on, ${who} gets ${what}.` : `${who} gets ${what} from ${site.title} by email.`;
  const boxes = view.topics.map((topic, i) => `<label><input type="checkbox" name="tags" value="${e(topic)}" id="topic-${i}"${chosen.has(tagSlug(topic)) ? ' checked' : ''}>${e(topic)}</label>`).join('\n');
  const form = `<form class="preferences" id="preferences" method="post" action="${e(action)}">
<fieldset>
<legend>Topics</legend>
<p class="note meta">Tick the topics you want; leave them all unticked to get every article.</p>
${boxes ? `<div class="choices">\n${boxes}\n</div>\n` : ''}<label class="more" for="more-topics">${boxes ? 'Other topics' : 'Topics'}, separated by commas</label>
<input id="more-topics" name="tags" type="text" autocomplete="off">
</fieldset>
<fieldset>
<legend>How often</legend>
<div class="choices stacked">
${cadenceChoice('each', 'An email for each new article', view.preferences.cadence)}
${cadenceChoice('weekly', `One digest a week: ${describeDigestSchedule(digest)}`, view.preferences.cadence)}
</div>
</fieldset>
</form>`;
  return renderApiPage(site, 'Choose what you get', message, {
    content: form,
    // Saving is the page's main action, beside the quiet way out; the button belongs to the form above by its id.
    actions: `<button class="button" type="submit" form="preferences">Save</button>${postButton(view.unsubscribeUrl, 'Unsubscribe', { 'List-Unsubscribe': 'One-Click' }, 'secondary')}`,
  });
}
