import type { Node } from 'constructs';
import * as z from 'zod';
import { ConfigError } from '../lambdas/config/errors';
import { NEWSLETTER_CONTEXT_KEYS, newsletterConfigFrom, type DigestSchedule } from '../lambdas/config/newsletterConfig';
import { siteConfigFrom, type SiteConfig } from '../lambdas/config/siteConfig';
import { DEFAULT_CONFIRMATION_MAILS_PER_DAY, DEFAULT_SUBSCRIBE_REQUESTS_PER_HOUR } from '../lambdas/subscriptions/subscribeLimits';

/** The site keys of cdk.json context that the Lambdas receive as SITE_CONTEXT. */
export const SITE_CONTEXT_KEYS = [
  'siteTitle', 'siteDescription', 'siteLanguage', 'authorName', 'authorEmail', 'authorUrl', 'feedItems', 'summaryLength', 'maxArticleBytes', 'maxFileBytes', 'siteValues',
  'feedItemMaxBytes', 'renderBudgetMs', 'websubHub',
] as const;

/** Deployment settings from cdk.json context, validated at synth time. */
export interface HeraldContext {
  readonly site: SiteConfig;
  /** The site keys as given, passed on to the functions. */
  readonly siteContext: Readonly<Record<string, unknown>>;
  /** The newsletter keys as given (sender name, subject prefix, content, window), passed on to the functions. */
  readonly newsletterContext: Readonly<Record<string, unknown>>;
  /** When the weekly digest goes out. */
  readonly digestSchedule: DigestSchedule;
  /** Where alarms are emailed. */
  readonly alarmEmail?: string;
  /** Send function invocations at once. */
  readonly sendConcurrency: number;
  /** Cap on recipients per second; the account's SES quota when unset. */
  readonly sendRate?: number;
  /** Public Route 53 zone of the sending (and site) domain: its records are then created, not output. */
  readonly hostedZoneId?: string;
  readonly hostedZoneName?: string;
  /** Where DMARC aggregate reports go. */
  readonly dmarcReportEmail?: string;
  /** Custom domain for the site, e.g. `news.example.com`. */
  readonly domainName?: string;
  /** ACM certificate in us-east-1 for `domainName`. */
  readonly certificateArn?: string;
  /** `owner/repo` allowed to publish through GitHub OIDC. */
  readonly githubRepo?: string;
  /** Branch of `githubRepo` that may publish. */
  readonly githubBranch: string;
  /** Minutes between schedule ticks. */
  readonly scheduleMinutes: number;
  /** Hours between reconciles of the content bucket with the articles table. */
  readonly reconcileHours: number;
  /** The verified SES sender of every mail. */
  readonly senderAddress: string;
  /** Whether a welcome mail follows a confirmation. */
  readonly welcomeMail: boolean;
  /** ARN of the account's existing GitHub OIDC provider (there can be only one per account); created when unset. */
  readonly githubOidcProviderArn?: string;
  /** The sender's domain is already an SES identity in this account and region: use it, create neither it nor its records. */
  readonly senderIdentityExists: boolean;
  /** Confirmation mails the subscribe form may cause in one UTC day; beyond it, 429 and no mail. */
  readonly confirmationMailsPerDay: number;
  /** Subscribe requests one client address (an IPv6 client: its /64) may make in an hour. */
  readonly subscribeRequestsPerHour: number;
}

// cdk.json holds booleans; `-c key=value` on the command line gives strings.
const booleanSetting = z.union([z.boolean(), z.enum(['true', 'false'])], { error: 'must be true or false' }).transform((v) => v === true || v === 'true');

const deployment = z.object({
  domainName: z.string().regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/i, 'must be a domain name such as news.example.com').optional(),
  certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/, 'must be an ACM certificate ARN in us-east-1 (CloudFront requires it)').optional(),
  githubRepo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be "owner/repo"').optional(),
  githubBranch: z.string().min(1).default('main'),
  scheduleMinutes: z.coerce.number().int().min(1).max(1440).default(5),
  reconcileHours: z.coerce.number().int().min(1).max(168).default(24),
  senderAddress: z.email({ error: 'must be the email address mail is sent from' }).default('newsletter@example.com'),
  welcomeMail: booleanSetting.default(true),
  alarmEmail: z.email({ error: 'must be the email address alarms go to' }).optional(),
  sendConcurrency: z.coerce.number().int().min(2, 'must be at least 2 (the SQS event source minimum)').max(100).default(2),
  sendRate: z.coerce.number().positive().optional(),
  hostedZoneId: z.string().regex(/^Z[A-Z0-9]{4,32}$/, 'must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ').optional(),
  hostedZoneName: z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}\.?$/i, 'must be the zone\'s domain name, e.g. example.com').optional(),
  dmarcReportEmail: z.email({ error: 'must be the email address DMARC reports go to' }).optional(),
  githubOidcProviderArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/, 'must be the ARN of the account\'s token.actions.githubusercontent.com OIDC provider').optional(),
  senderIdentityExists: booleanSetting.default(false),
  confirmationMailsPerDay: z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_CONFIRMATION_MAILS_PER_DAY),
  subscribeRequestsPerHour: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_SUBSCRIBE_REQUESTS_PER_HOUR),
}).refine((c) => !c.domainName === !c.certificateArn, { message: 'domainName and certificateArn go together: set both or neither', path: ['domainName'] })
  .refine((c) => !c.hostedZoneId === !c.hostedZoneName, { message: 'hostedZoneId and hostedZoneName go together: set both or neither', path: ['hostedZoneId'] })
  .refine((c) => !c.hostedZoneName || inZone(c.senderAddress.split('@')[1]!, c.hostedZoneName), { message: 'the senderAddress domain must be hostedZoneName or one of its subdomains', path: ['hostedZoneName'] })
  .refine((c) => !c.hostedZoneName || !c.domainName || inZone(c.domainName, c.hostedZoneName), { message: 'domainName must be hostedZoneName or one of its subdomains', path: ['hostedZoneName'] });

function inZone(domain: string, zone: string): boolean {
  const d = domain.toLowerCase().replace(/\.$/, '');
  const z = zone.toLowerCase().replace(/\.$/, '');
  return d === z || d.endsWith(`.${z}`);
}

/**
 * Reads and validates cdk.json context. Synth fails with every problem named
 * rather than deploying a stack that cannot work.
 *
 * @throws ConfigError
 */
export function heraldContextFrom(node: Node): HeraldContext {
  const siteContext = Object.fromEntries(SITE_CONTEXT_KEYS.flatMap((k) => (node.tryGetContext(k) === undefined ? [] : [[k, node.tryGetContext(k)]])));
  const site = siteConfigFrom(siteContext);
  const newsletterContext = Object.fromEntries(NEWSLETTER_CONTEXT_KEYS.flatMap((k) => (node.tryGetContext(k) === undefined ? [] : [[k, node.tryGetContext(k)]])));
  const { digest: digestSchedule } = newsletterConfigFrom(newsletterContext, site); // fails the synth on a bad newsletter setting
  const raw = Object.fromEntries(['domainName', 'certificateArn', 'githubRepo', 'githubBranch', 'scheduleMinutes', 'reconcileHours', 'senderAddress', 'welcomeMail', 'alarmEmail', 'sendConcurrency', 'sendRate', 'hostedZoneId', 'hostedZoneName', 'dmarcReportEmail', 'githubOidcProviderArn', 'senderIdentityExists', 'confirmationMailsPerDay', 'subscribeRequestsPerHour'].map((k) => [k, node.tryGetContext(k)]));
  const parsed = deployment.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(`Invalid cdk.json context: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const { githubBranch, scheduleMinutes, reconcileHours, senderAddress, welcomeMail, sendConcurrency, senderIdentityExists, confirmationMailsPerDay, subscribeRequestsPerHour } = parsed.data;
  return {
    site, siteContext, newsletterContext, digestSchedule, ...definedOnly(parsed.data),
    githubBranch, scheduleMinutes, reconcileHours, senderAddress, welcomeMail, sendConcurrency, senderIdentityExists, confirmationMailsPerDay, subscribeRequestsPerHour,
  };
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
