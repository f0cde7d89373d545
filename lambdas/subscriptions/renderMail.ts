import type { SiteConfig } from '../config/siteConfig';
import { oneLine } from '../mail/oneLine';
import { mailButton, mailLink, mailNote, postalAddressNote, renderMailFrame, subscribedNote } from '../mail/renderMailFrame';
import { escapeHtml } from '../site/escapeHtml';
import { describePreferences } from './describePreferences';
import type { LatestArticle, OutgoingMail, SubscriberLinks } from './ports';
import type { Preferences } from './subscriber';

/** What the footer of a subscription mail says besides why the reader gets it. */
export interface MailFooterSettings {
  /** The sender's postal address, shown when set. */
  readonly postalAddress?: string;
}

/** What the welcome mail says besides the reader's links. */
export interface WelcomeDetails extends MailFooterSettings {
  /** The newest article, the mail's main action; the site while nothing is published. */
  readonly latest?: LatestArticle;
  /** What the reader chose; every article when absent. */
  readonly preferences?: Preferences;
}

function paragraphs(texts: readonly string[]): string {
  return texts.map((text) => `<p style="margin:0 0 16px">${escapeHtml(text)}</p>`).join('\n');
}

/** The double opt-in mail: one button that confirms, and what happens if it is ignored. */
export function renderConfirmationMail(site: SiteConfig, to: string, confirmUrl: string, footer: MailFooterSettings = {}): OutgoingMail {
  const intro = `Someone, hopefully you, asked to get new articles from ${site.title} by email.`;
  const ignore = 'If that was not you, ignore this mail: nothing is sent unless you confirm, and the link expires in 48 hours.';
  const heading = 'Confirm your subscription';
  return {
    to,
    subject: oneLine(`Confirm your subscription to ${site.title}`),
    html: renderMailFrame({
      lang: site.language,
      title: heading,
      preheader: 'One click and new articles come to your inbox.',
      siteTitle: site.title,
      siteUrl: site.url,
      body: `<h1 style="font-size:24px;line-height:1.3;margin:0 0 16px">${heading}</h1>
${paragraphs([intro])}
${mailButton(confirmUrl, 'Confirm subscription')}
${paragraphs([ignore])}
${mailNote(`Button not working? Open this link: ${mailLink(confirmUrl, escapeHtml(confirmUrl), 'word-break:break-all')}`)}`,
      footer: [mailNote(`You get this email because this address was entered in the subscribe form of ${mailLink(site.url, escapeHtml(site.title))}.`), ...postalAddressNote(footer.postalAddress)],
    }),
    text: `${intro}\n\nConfirm your subscription:\n${confirmUrl}\n\n${ignore}\n${footer.postalAddress ? `\n-- \n${footer.postalAddress}\n` : ''}`,
  };
}

/**
 * The welcome mail after confirming: reading the latest article is the main
 * action; choosing topics and unsubscribing (one click) are in the footer,
 * as in every newsletter.
 */
export function renderWelcomeMail(site: SiteConfig, to: string, links: SubscriberLinks, details: WelcomeDetails = {}): OutgoingMail {
  const { unsubscribeUrl, preferencesUrl } = links;
  const { latest, ...footer } = details;
  const body = `Thanks for confirming. You will get ${describePreferences(details.preferences ?? { tags: [], cadence: 'each' })} from ${site.title} by email.`;
  const action = latest ? { label: 'Read the latest article', href: latest.url } : { label: `Visit ${site.title}`, href: site.url };
  const latestHtml = latest ? `<p style="margin:0 0 8px">The latest article is ${mailLink(latest.url, `<strong>${escapeHtml(latest.title)}</strong>`)}.</p>\n` : '';
  const latestText = latest ? `The latest article: ${latest.title}\n${latest.url}\n\n` : `Read what is there already: ${site.url}\n\n`;
  return {
    to,
    subject: oneLine(`Welcome to ${site.title}`),
    html: renderMailFrame({
      lang: site.language,
      title: 'You are subscribed',
      preheader: body,
      siteTitle: site.title,
      siteUrl: site.url,
      body: `<h1 style="font-size:24px;line-height:1.3;margin:0 0 16px">You are subscribed</h1>
${paragraphs([body])}
${latestHtml}${mailButton(action.href, action.label)}`,
      footer: [
        subscribedNote(site.url, site.title),
        mailNote(`${mailLink(preferencesUrl, 'Choose what you get')}, or ${mailLink(unsubscribeUrl, 'unsubscribe')} with one click.`),
        ...postalAddressNote(footer.postalAddress),
      ],
    }),
    text: `${body}\n\n${latestText}-- \nYou get this email because you subscribed to new articles from ${site.title} (${site.url}).\nChoose what you get: ${preferencesUrl}\nUnsubscribe with one click: ${unsubscribeUrl}\n${footer.postalAddress ? `${footer.postalAddress}\n` : ''}`,
    headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
