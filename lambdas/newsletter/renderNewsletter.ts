// require, not import: sanitize-html requires htmlparser2, and a bundler resolves
// an import of html-to-text to its ES build, which would bundle htmlparser2 and entities twice.
import htmlToText = require('html-to-text');
import sanitize from 'sanitize-html';
import type { NewsletterConfig } from '../config/newsletterConfig';
import type { SiteConfig } from '../config/siteConfig';
import type { Article } from '../content/article';
import type { CodeTokenKind } from '../content/highlightCode';
import { ARTICLE_TAGS } from '../content/sanitizeHtml';
import { MAIL_COLOURS, MAIL_MONO_FONT } from '../mail/mailPalette';
import { oneLine } from '../mail/oneLine';
import { mailClass, mailLink, mailNote, mailStyle, renderMailFrame } from '../mail/renderMailFrame';
import { escapeHtml } from '../site/escapeHtml';
import { isCutForFeed } from '../site/feedArticle';
import { formatDate } from '../site/formatDate';
import { SITE_CODE_COLOURS } from '../site/renderLayout';
import type { SubscriberLinks } from '../subscriptions/ports';
import { newsletterFooter, PREFERENCES_VARIABLE, TEMPLATE_DEFAULTS, toTemplate, UNSUBSCRIBE_VARIABLE } from './mailTemplate';

/**
 * A newsletter as SES takes it: an inline template whose variables are
 * `{{unsubscribeUrl}}` and `{{preferencesUrl}}`, filled in per recipient by
 * SendBulkEmail, and `{{lbrace}}`, which stands for an author's own `{`
 * before another `{`.
 */
export interface Newsletter {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}


// Gmail clips messages over 102 KB and hides the rest, the footer with the unsubscribe link included.
const MAX_FULL_HTML_BYTES = 80_000;

const { light } = MAIL_COLOURS;
const CELL = `border:1px solid ${light.rule};padding:6px 10px;text-align:left;vertical-align:top`;

// Mail clients drop external CSS and many drop <style>, so every element carries its own style
// (and a class where dark mode must recolour it). Code keeps its lines: it scrolls in its own
// box rather than wrapping mid-expression.
const ELEMENT_STYLES: Readonly<Record<string, { style: string; className?: string }>> = {
  p: { style: 'margin:0 0 16px' },
  h2: { style: 'font-size:22px;line-height:1.3;margin:32px 0 12px' },
  h3: { style: 'font-size:19px;line-height:1.3;margin:28px 0 8px' },
  h4: { style: 'font-size:17px;margin:24px 0 8px' },
  a: { style: mailStyle.link, className: mailClass.link },
  img: { style: 'max-width:100%;height:auto;border:0' },
  pre: { style: `margin:0 0 16px;padding:12px 14px;border-radius:6px;background:${light.code};font-family:${MAIL_MONO_FONT};font-size:15px;line-height:1.5;white-space:pre;word-wrap:normal;overflow-wrap:normal;overflow-x:auto`, className: mailClass.code },
  code: { style: `font-family:${MAIL_MONO_FONT};font-size:0.9em` },
  blockquote: { style: `margin:0 0 16px;padding:0 0 0 14px;border-left:3px solid ${light.rule}`, className: mailClass.rule },
  ul: { style: 'margin:0 0 16px;padding-left:24px' },
  ol: { style: 'margin:0 0 16px;padding-left:24px' },
  li: { style: 'margin:0 0 6px' },
  table: { style: 'border-collapse:collapse;margin:0;font-size:15px;line-height:1.4' },
  th: { style: CELL, className: mailClass.rule },
  td: { style: CELL, className: mailClass.rule },
  hr: { style: mailStyle.rule, className: mailClass.rule },
  figure: { style: 'margin:0 0 16px' },
  figcaption: { style: `font-size:14px;color:${light.muted}`, className: mailClass.muted },
};

// A table wider than a phone scrolls inside this box instead of widening the whole mail.
const TABLE_BOX = 'overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%;margin:0 0 16px';

/**
 * Renders the newsletter for an article: a one-line subject with the
 * configured prefix, responsive HTML with inline styles, a preheader from the
 * summary, the article (or its summary, when configured, when the whole
 * article would be clipped, or when it is the stored form the feeds cut)
 * and a footer saying why the reader gets it and how to stop.
 *
 * @example
 * const newsletter = renderNewsletter(site, config, article);
 * personalise(newsletter, { unsubscribeUrl, preferencesUrl }).html;
 */
export function renderNewsletter(site: SiteConfig, config: NewsletterConfig, article: Article): Newsletter {
  const styled = styleElements(mailCodeColours(article.html));
  // A stored article over the feeds' limit holds their summary and link only; it is mailed as a summary, as any long article.
  const full = config.content === 'full' && !isCutForFeed(article) && Buffer.byteLength(styled) <= MAX_FULL_HTML_BYTES;
  const subject = oneLine(`${config.subjectPrefix}${article.title}`);
  return {
    subject: toTemplate(subject, 'text'),
    html: toTemplate(renderHtml(site, config, article, full ? styled : undefined), 'html'),
    text: toTemplate(renderText(site, config, article, full), 'text'),
  };
}

/**
 * The newsletter (or digest) as one recipient gets it: what SES does with
 * the template, given their links and, in a digest, the articles they get.
 * For previews and tests.
 */
export function personalise(newsletter: Newsletter, links: SubscriberLinks, picks: readonly number[] = []): Newsletter {
  const fill = (part: string, escape: (url: string) => string) => Object.entries(TEMPLATE_DEFAULTS).reduce(
    (text, [name, value]) => text.replaceAll(`{{${name}}}`, value),
    part.replaceAll(UNSUBSCRIBE_VARIABLE, escape(links.unsubscribeUrl)).replaceAll(PREFERENCES_VARIABLE, escape(links.preferencesUrl))
      .replace(/\{\{#if a(\d+)\}\}([\s\S]*?)\{\{\/if\}\}/g, (_all, index: string, shown: string) => (picks.includes(Number(index)) ? shown : '')),
  );
  return { subject: fill(newsletter.subject, () => ''), html: fill(newsletter.html, escapeHtml), text: fill(newsletter.text, (url) => url) };
}

/**
 * The plain-text form of article HTML: wrapped at 72 columns, tables as
 * aligned columns, code blocks exactly as written.
 */
export function articleText(html: string): string {
  // markdown-it ends every code block with a line break, which would read as a blank line after the code.
  return htmlToText.convert(html.replace(/\n(<\/code><\/pre>)/g, '$1'), {
    wordwrap: 72,
    selectors: [
      ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false, maxColumnWidth: 40 } },
      { selector: 'pre', options: { leadingLineBreaks: 2, trailingLineBreaks: 2 } },
      // A footnote mark reads as "[1]" and the note as "1. …"; their links only jump within the web page.
      { selector: 'a.footnote-ref', format: 'anchor', options: { ignoreHref: true } },
      { selector: 'a.footnote-backref', format: 'skip' },
    ],
  });
}

function renderHtml(site: SiteConfig, config: NewsletterConfig, article: Article, body: string | undefined): string {
  const e = escapeHtml;
  const byline = [formatDate(article.date, article.offsetMinutes), ...article.authors.map((a) => a.name)].join(' · ');
  const content = body ?? `<p style="margin:0 0 16px">${e(article.summary)}</p>\n<p style="margin:0 0 16px">${mailLink(article.url, 'Read the whole article →', 'font-weight:600')}</p>`;
  // Hugo themes often repeat the featured image at the top of the body: show it once.
  const image = article.image && !(body ?? '').includes(`src="${e(article.image)}"`)
    ? `<p style="margin:0 0 24px"><img src="${e(article.image)}" alt="" width="600" style="display:block;width:100%;max-width:100%;height:auto;border:0;border-radius:6px"></p>\n`
    : '';
  return renderMailFrame({
    lang: article.lang ?? site.language,
    title: article.title,
    preheader: article.summary,
    siteTitle: site.title,
    siteUrl: site.url,
    topLink: { label: 'Read on the web', href: article.url },
    body: `<h1 style="font-size:30px;line-height:1.2;font-weight:700;margin:0 0 10px"><a class="${mailClass.text}" href="${e(article.url)}" style="color:${light.text};text-decoration:none">${e(article.title)}</a></h1>
${article.subtitle ? `<p class="${mailClass.muted}" style="margin:0 0 8px;font-size:19px;line-height:1.4;color:${light.muted}">${e(article.subtitle)}</p>\n` : ''}${mailNote(e(byline), '0 0 24px')}
${image}${content}`,
    footer: newsletterFooter(site, config, 'email').html,
  });
}

function renderText(site: SiteConfig, config: NewsletterConfig, article: Article, full: boolean): string {
  const body = full ? articleText(article.html) : `${article.summary}\n\nRead the whole article:\n${article.url}`;
  const byline = [formatDate(article.date, article.offsetMinutes), ...article.authors.map((a) => a.name)].join(' · ');
  return `${article.title}\n${article.subtitle ? `${article.subtitle}\n` : ''}${byline}\n${article.url}\n\n${body}\n\n${newsletterFooter(site, config, 'email').text}`;
}

// Highlighted code keeps the site's colours: the light ones inline (clients that drop classes show
// those), the class for the dark ones the frame's colour-scheme rule sets, each at AA on its background.
function mailCodeColours(html: string): string {
  return html.replace(/<span class="hl-([a-z]+)">/g, (span, kind: string) => {
    const colour = SITE_CODE_COLOURS.light[kind as CodeTokenKind];
    return colour === undefined ? span : `<span class="hl-${kind}" style="color:${colour}${kind === 'comment' ? ';font-style:italic' : ''}">`;
  });
}

function styleElements(html: string): string {
  const styled = sanitize(html, {
    // The article HTML is sanitized already; this pass keeps what it has and only adds styles.
    allowedTags: [...ARTICLE_TAGS],
    allowedAttributes: false,
    transformTags: Object.fromEntries(Object.entries(ELEMENT_STYLES).map(([tag, { style, className }]) => [tag, (tagName: string, attribs: sanitize.Attributes) => ({
      tagName,
      attribs: { ...attribs, style: attribs.style ? `${style};${attribs.style}` : style, ...(className && { class: attribs.class ? `${attribs.class} ${className}` : className }) },
    })])),
  });
  return styled.replace(/<table\b/g, `<div style="${TABLE_BOX}"><table`).replace(/<\/table>/g, '</table></div>');
}
