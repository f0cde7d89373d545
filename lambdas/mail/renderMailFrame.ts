import { escapeHtml } from '../site/escapeHtml';
import { SITE_CODE_COLOURS } from '../site/renderLayout';
import { MAIL_COLOURS, MAIL_FONT } from './mailPalette';

/** What every Herald mail has around its own content. */
export interface MailFrame {
  readonly lang: string;
  /** The document title (some clients show it in a window or tab). */
  readonly title: string;
  /** The line inbox lists show after the subject; hidden in the mail itself. */
  readonly preheader: string;
  readonly siteTitle: string;
  readonly siteUrl: string;
  /** A link beside the site name at the top, such as "Read on the web". */
  readonly topLink?: { readonly label: string; readonly href: string };
  /** The mail's own content, HTML with inline styles (see {@link mailStyle}). */
  readonly body: string;
  /** Footer paragraphs, HTML: why the reader gets this, how to stop, the postal address. */
  readonly footer: readonly string[];
}

const light = MAIL_COLOURS.light;
const dark = MAIL_COLOURS.dark;

/**
 * Inline styles of the mail's parts. Every part that has a colour also has a
 * class, which the dark-mode rule in the head recolours.
 */
export const mailStyle = {
  link: `color:${light.link};text-decoration:underline`,
  muted: `color:${light.muted};font-size:14px;line-height:1.5`,
  paragraph: 'margin:0 0 16px',
  rule: `border:0;border-top:1px solid ${light.rule};margin:32px 0 20px`,
} as const;

/** The dark-mode class of each coloured part, so the rule in the head can reach it. */
export const mailClass = { link: 'hd-link', muted: 'hd-muted', text: 'hd-text', code: 'hd-code', rule: 'hd-rule', button: 'hd-button', background: 'hd-bg' } as const;

// Apple Mail, iOS Mail and Outlook.com honour prefers-color-scheme; Outlook.com marks its dark mode with [data-ogsc].
const DARK_MODE_CSS = [
  `.hd-bg{background:${dark.background} !important}`,
  `.hd-text{color:${dark.text} !important}`,
  `.hd-muted{color:${dark.muted} !important}`,
  `.hd-link{color:${dark.link} !important}`,
  `.hd-button{background:${dark.button} !important;color:${dark.buttonText} !important}`,
  `.hd-code{background:${dark.code} !important}`,
  `.hd-rule{border-color:${dark.rule} !important}`,
  ...Object.entries(SITE_CODE_COLOURS.dark).map(([kind, colour]) => `.hl-${kind}{color:${colour} !important}`),
];

/** A link in the mail's link colour. */
export function mailLink(href: string, label: string, extraStyle = ''): string {
  return `<a class="${mailClass.link}" href="${escapeHtml(href)}" style="${mailStyle.link}${extraStyle && `;${extraStyle}`}">${label}</a>`;
}

/** The mail's main action, as a button that works without images or CSS classes. */
export function mailButton(href: string, label: string): string {
  return `<p style="margin:24px 0"><a class="${mailClass.button}" href="${escapeHtml(href)}" style="display:inline-block;padding:12px 22px;border-radius:6px;background:${light.button};color:${light.buttonText};font-weight:600;text-decoration:none">${escapeHtml(label)}</a></p>`;
}

/** A footer or byline paragraph in the muted colour. */
export function mailNote(html: string, margin = '0 0 8px'): string {
  return `<p class="${mailClass.muted}" style="margin:${margin};${mailStyle.muted}">${html}</p>`;
}

/** The footer line that says why a subscriber gets the mail (an `email`, a `weekly digest`). */
export function subscribedNote(siteUrl: string, siteTitle: string, what = 'email'): string {
  return mailNote(`You get this ${what} because you subscribed to new articles from ${mailLink(siteUrl, escapeHtml(siteTitle))}.`);
}

/** The postal address as a footer line, when one is set (CAN-SPAM asks for it in commercial mail). */
export function postalAddressNote(postalAddress: string | undefined): string[] {
  return postalAddress ? [mailNote(postalAddress.split(/\r?\n/).map(escapeHtml).join('<br>'))] : [];
}

/**
 * Wraps a mail's content in the frame every Herald mail shares: one column
 * of at most 600 px (a fixed-width table for Outlook, which ignores
 * max-width), the site name at the top, a hidden preheader, the footer, and
 * light colours inline with dark ones in a `prefers-color-scheme` rule.
 * Styles are inline because Gmail and others drop most of `<style>`.
 */
export function renderMailFrame(frame: MailFrame): string {
  const e = escapeHtml;
  const top = [`<a class="${mailClass.text}" href="${e(frame.siteUrl)}" style="color:${light.text};text-decoration:none;font-weight:700">${e(frame.siteTitle)}</a>`,
    ...(frame.topLink ? [mailLink(frame.topLink.href, e(frame.topLink.label))] : [])].join(' &nbsp;·&nbsp; ');
  return `<!doctype html>
<html lang="${e(frame.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting"><meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">
<title>${e(frame.title)}</title>
<style>:root{color-scheme:light dark;supported-color-schemes:light dark}
@media (prefers-color-scheme:dark){${DARK_MODE_CSS.join('')}}
${DARK_MODE_CSS.map((rule) => `[data-ogsc] ${rule}`).join('')}</style></head>
<body class="${mailClass.background}" style="margin:0;padding:0;background:${light.background};-webkit-text-size-adjust:100%">
<div style="display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all">${e(frame.preheader)}${'&#8199;&#65279;&#847; '.repeat(30)}</div>
<table role="presentation" class="${mailClass.background}" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:${light.background}"><tr><td align="center" style="padding:24px 16px">
<!--[if mso]><table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;table-layout:fixed"><tr><td class="${mailClass.text}" style="font-family:${MAIL_FONT};font-size:17px;line-height:1.6;color:${light.text};text-align:left;word-wrap:break-word;overflow-wrap:break-word">
<p style="margin:0 0 28px;font-size:14px;line-height:1.4">${top}</p>
${frame.body}
<hr class="${mailClass.rule}" style="${mailStyle.rule}">
${frame.footer.join('\n')}
</td></tr></table>
<!--[if mso]></td></tr></table><![endif]-->
</td></tr></table>
</body></html>
`;
}
