import * as z from 'zod';
import { ConfigError } from './errors';
import type { SiteConfig, SiteContext } from './siteConfig';

/** How newsletters look and when they go out, from `cdk.json` context. */
export interface NewsletterConfig {
  /** `"Name" <address>`: the display name and the SES-verified sender. */
  readonly from: string;
  readonly replyTo?: string;
  /** Put before every subject, e.g. "[Field Notes] ". */
  readonly subjectPrefix: string;
  /** The whole article in the mail, or its summary and a "read on" link. */
  readonly content: 'full' | 'summary';
  /** Articles dated further back than this before their first publication are not mailed. */
  readonly windowDays: number;
  /** The sender's postal address for every mail's footer (CAN-SPAM asks for one in commercial mail). */
  readonly postalAddress?: string;
  /** When the weekly digest goes out. */
  readonly digest: DigestSchedule;
}

/** The weekly digest's day and hour, in the site's time zone. */
export interface DigestSchedule {
  /** ISO weekday: 1 Monday … 7 Sunday. */
  readonly weekday: number;
  /** 0–23, on the hour. */
  readonly hour: number;
  /** An IANA time zone, such as `Europe/Berlin`. */
  readonly timeZone: string;
}

/** Weekday names as cdk.json takes them, in ISO order (Monday is 1). */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** The context keys of {@link newsletterConfigFrom}, passed to the functions as NEWSLETTER_CONTEXT. */
export const NEWSLETTER_CONTEXT_KEYS = ['senderAddress', 'senderName', 'replyTo', 'newsletterSubjectPrefix', 'newsletterContent', 'notifyWindowDays', 'postalAddress', 'digestDay', 'digestHour', 'timeZone'] as const;

const schema = z.object({
  senderAddress: z.email({ error: 'must be the email address mail is sent from' }).default('newsletter@example.com'),
  senderName: z.string().trim().min(1).max(100).regex(/^[^"\r\n<>]*$/, 'must not contain quotes, angle brackets or line breaks').optional(),
  replyTo: z.email({ error: 'must be an email address' }).optional(),
  newsletterSubjectPrefix: z.string().max(60).regex(/^[^\r\n]*$/, 'must be one line').default(''),
  newsletterContent: z.enum(['full', 'summary'], { error: 'must be "full" or "summary"' }).default('full'),
  notifyWindowDays: z.coerce.number().min(0).max(3650).default(3),
  postalAddress: z.string().trim().min(1).max(300).optional(),
  digestDay: z.string().transform((d) => d.toLowerCase()).pipe(z.enum(WEEKDAYS, { error: `must be a weekday: ${WEEKDAYS.join(', ')}` })).default('monday'),
  digestHour: z.coerce.number().int().min(0).max(23, 'must be an hour from 0 to 23').default(8),
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as "Europe/Berlin" or "UTC"').default('UTC'),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Validates the newsletter keys of `cdk.json` context and fills in defaults;
 * the sender's display name defaults to the site title.
 *
 * @throws ConfigError naming every bad key and why.
 */
export function newsletterConfigFrom(context: SiteContext, site: SiteConfig): NewsletterConfig {
  const parsed = schema.safeParse(Object.fromEntries(NEWSLETTER_CONTEXT_KEYS.map((k) => [k, context[k] === '' ? undefined : context[k]])));
  if (!parsed.success) {
    throw new ConfigError(`Invalid newsletter configuration in cdk.json context: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const c = parsed.data;
  const name = (c.senderName ?? site.title).replace(/["\r\n<>\\]/g, '');
  return {
    from: `${displayName(name)} <${c.senderAddress}>`,
    ...(c.replyTo && { replyTo: c.replyTo }),
    subjectPrefix: c.newsletterSubjectPrefix,
    content: c.newsletterContent,
    windowDays: c.notifyWindowDays,
    ...(c.postalAddress && { postalAddress: c.postalAddress }),
    digest: { weekday: WEEKDAYS.indexOf(c.digestDay) + 1, hour: c.digestHour, timeZone: c.timeZone },
  };
}

// SES takes a display name outside ASCII only as an RFC 2047 encoded word.
function displayName(name: string): string {
  return /^[\x20-\x7e]*$/.test(name) ? `"${name}"` : `=?UTF-8?B?${Buffer.from(name).toString('base64')}?=`;
}

/**
 * When the digest goes out, in words for the preference page.
 *
 * @example
 * describeDigestSchedule({ weekday: 1, hour: 8, timeZone: 'Europe/Berlin' }); // 'Mondays at 08:00 (Europe/Berlin time)'
 */
export function describeDigestSchedule(schedule: DigestSchedule): string {
  const day = WEEKDAYS[schedule.weekday - 1]!;
  return `${day.charAt(0).toUpperCase()}${day.slice(1)}s at ${String(schedule.hour).padStart(2, '0')}:00 (${schedule.timeZone} time)`;
}
