import type { NewsletterConfig } from '../config/newsletterConfig';
import type { SiteConfig } from '../config/siteConfig';
import { MAIL_COLOURS } from '../mail/mailPalette';
import { oneLine } from '../mail/oneLine';
import { mailClass, mailLink, mailNote, renderMailFrame } from '../mail/renderMailFrame';
import { escapeHtml } from '../site/escapeHtml';
import { formatDate } from '../site/formatDate';
import type { DigestEntry } from './campaign';
import { newsletterFooter, onlyForPick, toTemplate } from './mailTemplate';
import type { Newsletter } from './renderNewsletter';

/** Articles one digest lists at most (the newest), so it stays well below Gmail's 102 KB clipping. */
export const MAX_DIGEST_ARTICLES = 50;

const { light } = MAIL_COLOURS;

/**
 * Renders a week's digest as one SES template for every weekly reader: the
 * site's frame, then each article (featured image, title, date, summary,
 * link) wrapped in `{{#if aN}}…{{/if}}`, so each recipient sees exactly the
 * articles their topics chose, from their own template data (`aN: true`).
 * Subject and preheader are the same for all; the footer has the reader's
 * preference page and one-click unsubscribe, as every newsletter.
 *
 * @param entries the week's articles, in the order they are listed (newest first).
 * @example
 * personalise(renderDigest(site, config, entries, '2026-W48'), links, [0, 2]).html;
 */
export function renderDigest(site: SiteConfig, config: NewsletterConfig, entries: readonly DigestEntry[], week: string): Newsletter {
  const e = escapeHtml;
  const heading = `This week at ${site.title}`;
  const subject = oneLine(`${config.subjectPrefix}${heading}`);
  const footer = newsletterFooter(site, config, 'weekly digest');
  const html = entries.map((entry, i) => onlyForPick(i, `<div style="margin:0 0 32px">
${entry.image ? `<p style="margin:0 0 12px"><a href="${e(entry.url)}"><img src="${e(entry.image)}" alt="" width="600" style="display:block;width:100%;max-width:100%;height:auto;border:0;border-radius:6px"></a></p>\n` : ''}<h2 style="font-size:22px;line-height:1.3;margin:0 0 4px"><a class="${mailClass.text}" href="${e(entry.url)}" style="color:${light.text};text-decoration:none">${e(oneLine(entry.title))}</a></h2>
${mailNote(e(formatDate(new Date(entry.date), entry.offsetMinutes)), '0 0 8px')}
<p style="margin:0 0 8px">${e(entry.summary)}</p>
<p style="margin:0">${mailLink(entry.url, 'Read the article →', 'font-weight:600')}</p>
</div>
`)).join('');
  const text = entries.map((entry, i) => onlyForPick(i, `${oneLine(entry.title)}\n${formatDate(new Date(entry.date), entry.offsetMinutes)}\n${entry.summary}\n${entry.url}\n\n`)).join('');
  return {
    subject: toTemplate(subject, 'text'),
    html: toTemplate(renderMailFrame({
      lang: site.language,
      title: heading,
      preheader: `The week's new articles from ${site.title}, ${week}.`,
      siteTitle: site.title,
      siteUrl: site.url,
      topLink: { label: 'Read on the web', href: site.url },
      body: `<h1 style="font-size:30px;line-height:1.2;font-weight:700;margin:0 0 10px">${e(heading)}</h1>
${mailNote(`The new articles you chose, week ${e(week.replace(/^\d+-W0?/, ''))} of ${e(week.slice(0, 4))}.`, '0 0 28px')}
${html}`,
      footer: footer.html,
    }), 'html'),
    text: toTemplate(`${heading}\n${site.url}\n\n${text}${footer.text}`, 'text'),
  };
}
