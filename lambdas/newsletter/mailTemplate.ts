import type { NewsletterConfig } from '../config/newsletterConfig';
import type { SiteConfig } from '../config/siteConfig';
import { mailLink, mailNote, postalAddressNote, subscribedNote } from '../mail/renderMailFrame';

/** The template variables every recipient gets their own value for. */
export const UNSUBSCRIBE_VARIABLE = '{{unsubscribeUrl}}';
export const PREFERENCES_VARIABLE = '{{preferencesUrl}}';

/** The template data every recipient shares: an author's "{{" is written `{{lbrace}}{`, which renders as "{{". */
export const TEMPLATE_DEFAULTS: Readonly<Record<string, string>> = { lbrace: '{' };

/** The template variable that says a digest's reader gets the article at position `index`. */
export function pickVariable(index: number): string {
  return `a${index}`;
}

// Stand for template syntax until the author's text is made template-safe: control characters no article keeps.
const UNSUBSCRIBE = '\u0000unsubscribe\u0000';
const PREFERENCES = '\u0000preferences\u0000';
const PICK = /\u0000pick(\d+)\u0000/g;
const PICK_END = '\u0000/pick\u0000';

/** Placeholders a renderer writes where the template will have the recipient's links. */
export const LINK_PLACEHOLDERS = { unsubscribe: UNSUBSCRIBE, preferences: PREFERENCES } as const;

/** Wraps a part of a digest that only the readers who get article `index` see (`{{#if aN}}…{{/if}}` once a template). */
export function onlyForPick(index: number, part: string): string {
  return `\u0000pick${index}\u0000${part}${PICK_END}`;
}

/**
 * Turns rendered mail into SES template text: the author's own "{{" kept
 * away from the template engine (in HTML a brace becomes a character
 * reference; in text and subjects a variable that renders as a brace, so
 * copied code keeps exactly the characters the author wrote), then the
 * placeholders made template syntax.
 */
export function toTemplate(part: string, kind: 'html' | 'text'): string {
  const safe = kind === 'html' ? part.replace(/\{(?=\{)/g, '&#123;') : part.replace(/\{(?=\{)/g, '{{lbrace}}');
  return safe.replaceAll(UNSUBSCRIBE, UNSUBSCRIBE_VARIABLE).replaceAll(PREFERENCES, PREFERENCES_VARIABLE)
    .replace(PICK, (_all, index: string) => `{{#if ${pickVariable(Number(index))}}}`).replaceAll(PICK_END, '{{/if}}');
}

/** The footer of every newsletter and digest: why the reader gets it, their preference page, one-click unsubscribe, the postal address. */
export function newsletterFooter(site: SiteConfig, config: NewsletterConfig, what: string): { html: string[]; text: string } {
  const postal = config.postalAddress ? `${config.postalAddress}\n` : '';
  return {
    html: [
      subscribedNote(site.url, site.title, what),
      mailNote(`${mailLink(PREFERENCES, 'Choose what you get')}, or ${mailLink(UNSUBSCRIBE, 'unsubscribe')} with one click.`),
      ...postalAddressNote(config.postalAddress),
    ],
    text: `-- \nYou get this ${what} because you subscribed to new articles from ${site.title} (${site.url}).\nChoose what you get: ${PREFERENCES}\nUnsubscribe with one click: ${UNSUBSCRIBE}\n${postal}`,
  };
}
