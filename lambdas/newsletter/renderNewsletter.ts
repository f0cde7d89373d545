// require, not import: sanitize-html requires htmlparser2, and a bundler resolves
// an import of html-to-text to its ES build, which would bundle htmlparser2 and entities twice.
import htmlToText = require('html-to-text');
import sanitize from 'sanitize-html';
import type { NewsletterConfig } from '../config/newsletterConfig';
import type { SiteConfig } from '../config/siteConfig';
import type { Article } from '../content/article';
import { inlineCodeColours } from '../content/highlightCode';
import { ARTICLE_TAGS } from '../content/sanitizeHtml';
import { escapeHtml } from '../site/escapeHtml';
import { formatDate } from '../site/formatDate';

/**
 * A newsletter as SES takes it: an inline template whose only variable is
 * `{{unsubscribeUrl}}`, filled in per recipient by SendBulkEmail.
 */
export interface Newsletter {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

/** The template variable every recipient gets their own value for. */
export const UNSUBSCRIBE_VARIABLE = '{{unsubscribeUrl}}';

// Gmail clips messages over 102 KB and hides the rest, the footer with the unsubscribe link included.
const MAX_FULL_HTML_BYTES = 80_000;

// Mail clients drop external CSS and many drop <style>, so every element carries its own style.
// Colours are left to the client (or translucent) so its dark mode stays readable.
const ELEMENT_STYLES: Readonly<Record<string, string>> = {
  p: 'margin:0 0 16px',
  h2: 'font-size:20px;line-height:1.3;margin:28px 0 12px',
  h3: 'font-size:18px;line-height:1.3;margin:24px 0 8px',
  h4: 'font-size:16px;margin:20px 0 8px',
  a: 'color:#1a66d2;text-decoration:underline',
  img: 'max-width:100%;height:auto;border:0',
  pre: 'margin:0 0 16px;padding:12px;overflow-x:auto;border-radius:6px;background:rgba(127,127,127,0.12);font:13px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap',
  code: 'font-family:ui-monospace,Menlo,Consolas,monospace;font-size:0.9em',
  blockquote: 'margin:0 0 16px;padding:0 0 0 14px;border-left:3px solid rgba(127,127,127,0.4)',
  ul: 'margin:0 0 16px;padding-left:24px',
  ol: 'margin:0 0 16px;padding-left:24px',
  li: 'margin:0 0 6px',
  table: 'border-collapse:collapse;margin:0 0 16px',
  th: 'border:1px solid rgba(127,127,127,0.4);padding:6px 8px;text-align:left',
  td: 'border:1px solid rgba(127,127,127,0.4);padding:6px 8px',
  hr: 'border:0;border-top:1px solid rgba(127,127,127,0.3);margin:24px 0',
  figure: 'margin:0 0 16px',
  figcaption: 'font-size:13px;opacity:0.75',
};

/**
 * Renders the newsletter for an article: a subject with the configured
 * prefix, responsive HTML with inline styles, a preheader from the summary,
 * the article (or its summary, when configured or when the whole article
 * would be clipped) and a footer saying why the reader gets it and how to stop.
 *
 * @example
 * const newsletter = renderNewsletter(site, config, article);
 * personalise(newsletter, unsubscribeUrl).html;
 */
export function renderNewsletter(site: SiteConfig, config: NewsletterConfig, article: Article): Newsletter {
  // Mail clients drop classes: highlighted code carries its colours inline.
  const styled = styleElements(inlineCodeColours(article.html));
  const full = config.content === 'full' && Buffer.byteLength(styled) <= MAX_FULL_HTML_BYTES;
  const subject = `${config.subjectPrefix}${article.title}`;
  return {
    subject: neutraliseText(subject),
    html: neutraliseHtml(renderHtml(site, article, full ? styled : undefined)).replaceAll(PLACEHOLDER, UNSUBSCRIBE_VARIABLE),
    text: neutraliseText(renderText(site, article, full)).replaceAll(PLACEHOLDER, UNSUBSCRIBE_VARIABLE),
  };
}

/** The newsletter as one recipient gets it (what SES does with the template), for previews and tests. */
export function personalise(newsletter: Newsletter, unsubscribeUrl: string): Newsletter {
  return {
    subject: newsletter.subject,
    html: newsletter.html.replaceAll(UNSUBSCRIBE_VARIABLE, escapeHtml(unsubscribeUrl)),
    text: newsletter.text.replaceAll(UNSUBSCRIBE_VARIABLE, unsubscribeUrl),
  };
}

// Stands for the unsubscribe URL until the author's text is made template-safe.
const PLACEHOLDER = '\u0000unsubscribe\u0000';

function renderHtml(site: SiteConfig, article: Article, body: string | undefined): string {
  const e = escapeHtml;
  const link = `color:#1a66d2;text-decoration:underline`;
  const byline = [formatDate(article.date, article.offsetMinutes), ...article.authors.map((a) => a.name)].join(' · ');
  const content = body ?? `<p style="margin:0 0 16px">${e(article.summary)}</p>\n<p style="margin:0 0 16px"><a href="${e(article.url)}" style="${link};font-weight:600">Read the whole article →</a></p>`;
  return `<!doctype html>
<html lang="${e(article.lang ?? site.language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark"><title>${e(article.title)}</title>
<style>@media (prefers-color-scheme: dark) { a:not(.plain) { color: #8ab4f8 !important; } }</style></head>
<body style="margin:0;padding:0;-webkit-text-size-adjust:100%">
<div style="display:none;max-height:0;overflow:hidden;opacity:0">${e(article.summary)}${'&#8199;&#65279;&#847; '.repeat(30)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td align="center" style="padding:24px 16px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px"><tr><td style="font:17px/1.6 Georgia,'Iowan Old Style',serif;text-align:left">
<p style="margin:0 0 24px;font:14px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif"><a class="plain" href="${e(site.url)}" style="color:inherit;text-decoration:none;font-weight:700">${e(site.title)}</a> · <a href="${e(article.url)}" style="${link}">Read on the web</a></p>
<h1 style="font:700 28px/1.25 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0 0 8px"><a class="plain" href="${e(article.url)}" style="color:inherit;text-decoration:none">${e(article.title)}</a></h1>
${article.subtitle ? `<p style="margin:0 0 8px;font-size:19px;opacity:0.8">${e(article.subtitle)}</p>\n` : ''}<p style="margin:0 0 24px;font-size:14px;opacity:0.75">${e(byline)}</p>
${article.image ? `<p style="margin:0 0 24px"><img src="${e(article.image)}" alt="" width="600" style="max-width:100%;height:auto;border:0;border-radius:6px"></p>\n` : ''}${content}
<hr style="${ELEMENT_STYLES.hr}">
<p style="margin:0 0 8px;font:13px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;opacity:0.8">You get this email because you subscribed to new articles from <a href="${e(site.url)}" style="${link}">${e(site.title)}</a>.</p>
<p style="margin:0;font:13px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;opacity:0.8"><a href="${PLACEHOLDER}" style="${link}">Unsubscribe</a> with one click.</p>
</td></tr></table></td></tr></table>
</body></html>
`;
}

function renderText(site: SiteConfig, article: Article, full: boolean): string {
  const body = full
    ? htmlToText.convert(article.html, {
      wordwrap: 72,
      selectors: [
        ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
        // A footnote mark reads as "[1]" and the note as "1. …"; their links only jump within the web page.
        { selector: 'a.footnote-ref', format: 'anchor', options: { ignoreHref: true } },
        { selector: 'a.footnote-backref', format: 'skip' },
      ],
    })
    : `${article.summary}\n\nRead the whole article:\n${article.url}`;
  const byline = [formatDate(article.date, article.offsetMinutes), ...article.authors.map((a) => a.name)].join(' · ');
  return `${article.title}\n${article.subtitle ? `${article.subtitle}\n` : ''}${byline}\n${article.url}\n\n${body}\n\n-- \nYou get this email because you subscribed to new articles from ${site.title} (${site.url}).\nUnsubscribe with one click: ${PLACEHOLDER}\n`;
}

function styleElements(html: string): string {
  return sanitize(html, {
    // The article HTML is sanitized already; this pass keeps what it has and only adds styles.
    allowedTags: [...ARTICLE_TAGS],
    allowedAttributes: false,
    transformTags: Object.fromEntries(Object.entries(ELEMENT_STYLES).map(([tag, style]) => [tag, (tagName: string, attribs: sanitize.Attributes) => ({
      tagName,
      attribs: { ...attribs, style: attribs.style ? `${style};${attribs.style}` : style },
    })])),
  });
}

// The author's "{{" must not reach SES's template engine: in HTML a brace becomes a character
// reference; in text a zero-width space sits between the two braces, invisible to a reader.
function neutraliseHtml(html: string): string {
  return html.replace(/\{(?=\{)/g, '&#123;');
}

function neutraliseText(text: string): string {
  return text.replace(/\{(?=\{)/g, '{\u200b');
}
