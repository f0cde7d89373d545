import type { SiteConfig } from '../config/siteConfig';
import { escapeHtml } from '../site/escapeHtml';
import type { LatestArticle, OutgoingMail } from './ports';

// Inline styles only: mail clients drop <style> blocks and external CSS.
function layout(site: SiteConfig, heading: string, paragraphs: readonly string[], button?: { label: string; href: string }): string {
  const e = escapeHtml;
  return `<!doctype html>
<html lang="${e(site.language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark"><title>${e(heading)}</title></head>
<body style="margin:0;padding:24px;font:16px/1.6 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif">
<div style="max-width:560px;margin:0 auto">
<p style="font-weight:700;margin:0 0 24px"><a href="${e(site.url)}" style="color:inherit;text-decoration:none">${e(site.title)}</a></p>
<h1 style="font-size:22px;line-height:1.3;margin:0 0 16px">${e(heading)}</h1>
${paragraphs.map((p) => `<p style="margin:0 0 16px">${p}</p>`).join('\n')}
${button ? `<p style="margin:24px 0"><a href="${e(button.href)}" style="display:inline-block;padding:12px 20px;border-radius:6px;background:#0b57d0;color:#ffffff;text-decoration:none;font-weight:600">${e(button.label)}</a></p>\n<p style="margin:0 0 16px;font-size:13px;color:#5f6368">Or open this link: <a href="${e(button.href)}" style="color:#0b57d0;word-break:break-all">${e(button.href)}</a></p>` : ''}
</div></body></html>
`;
}

/** The double opt-in mail: one link that confirms, and what happens if it is ignored. */
export function renderConfirmationMail(site: SiteConfig, to: string, confirmUrl: string): OutgoingMail {
  const intro = `Someone, hopefully you, asked to get new articles from ${site.title} by email.`;
  const ignore = 'If that was not you, ignore this mail: nothing is sent unless you confirm, and the link expires in 48 hours.';
  return {
    to,
    subject: `Confirm your subscription to ${site.title}`,
    html: layout(site, 'Confirm your subscription', [escapeHtml(intro), escapeHtml(ignore)], { label: 'Confirm subscription', href: confirmUrl }),
    text: `${intro}\n\nConfirm your subscription:\n${confirmUrl}\n\n${ignore}\n`,
  };
}

/** The welcome mail after confirming: the latest article, and how to leave again. */
export function renderWelcomeMail(site: SiteConfig, to: string, unsubscribeUrl: string, latest?: LatestArticle): OutgoingMail {
  const body = `You will get one email for each new article on ${site.title}. Read what is there already at ${site.url}.`;
  const leave = 'Changed your mind? One click unsubscribes you:';
  const latestHtml = latest ? [`The latest article: <a href="${escapeHtml(latest.url)}" style="color:#0b57d0">${escapeHtml(latest.title)}</a>`] : [];
  const latestText = latest ? `The latest article: ${latest.title}\n${latest.url}\n\n` : '';
  return {
    to,
    subject: `Welcome to ${site.title}`,
    html: layout(site, 'You are subscribed', [escapeHtml(body), ...latestHtml, escapeHtml(leave)], { label: 'Unsubscribe', href: unsubscribeUrl }),
    text: `${body}\n\n${latestText}${leave}\n${unsubscribeUrl}\n`,
    headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
