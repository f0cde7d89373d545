import * as z from 'zod';
import { functionEnvironment, functionSettings, type FunctionSettings } from '../../config/functionEnvironment';
import type { DigestSchedule } from '../../config/newsletterConfig';
import { newsletterFromEnvironment, parseEnvironment } from '../../config/parseEnvironment';
import { DEFAULT_CONFIRMATION_MAILS_PER_DAY, DEFAULT_SUBSCRIBE_REQUESTS_PER_HOUR } from '../../subscriptions/subscribeLimits';

/** A secret as a function receives it: a Secrets Manager ARN in AWS, the value itself locally. */
export type SecretSource = { readonly arn: string } | { readonly value: string };

/** Settings of the API and invite functions, from their environment. */
export interface SubscriptionConfig extends FunctionSettings {
  readonly table: string;
  /** `"Name" <address>`, the same sender every newsletter has. */
  readonly sender: string;
  /** The sender's postal address for the mails' footer. */
  readonly postalAddress?: string;
  readonly configurationSet?: string;
  /** The key that signs confirm and unsubscribe links. */
  readonly tokenSecret: SecretSource;
  /** The value CloudFront sends in the origin header; unset, the API trusts every request (tests only: the stack always sets it). */
  readonly originSecret?: SecretSource;
  /** The SQS queue of invitations (subscribe requests waiting for their confirmation mail). */
  readonly inviteQueueUrl?: string;
  /** The site bucket, whose feed.json names the latest article for the welcome mail. */
  readonly siteBucket: string;
  /** Send a welcome mail after a confirmation. */
  readonly welcomeMail: boolean;
  /** Confirmation mails in one UTC day. */
  readonly confirmationMailsPerDay: number;
  /** Subscribe requests per client address (IPv6: per /64) and hour. */
  readonly subscribeRequestsPerHour: number;
  /** When the weekly digest goes out, for the preference page. */
  readonly digest: DigestSchedule;
}

const environment = functionEnvironment.extend({
  SUBSCRIBERS_TABLE: z.string().min(3),
  SENDER_ADDRESS: z.string().min(3),
  CONFIGURATION_SET: z.string().min(1).optional(),
  TOKEN_SECRET_ARN: z.string().min(1).optional(),
  TOKEN_SECRET: z.string().min(16).optional(),
  ORIGIN_SECRET_ARN: z.string().min(1).optional(),
  ORIGIN_SECRET: z.string().min(16).optional(),
  INVITE_QUEUE_URL: z.url().optional(),
  SITE_BUCKET: z.string().min(3),
  WELCOME_MAIL: z.enum(['true', 'false']).default('true'),
  NEWSLETTER_CONTEXT: z.string().default('{}'),
  CONFIRMATION_MAILS_PER_DAY: z.coerce.number().int().min(1).default(DEFAULT_CONFIRMATION_MAILS_PER_DAY),
  SUBSCRIBE_REQUESTS_PER_HOUR: z.coerce.number().int().min(1).default(DEFAULT_SUBSCRIBE_REQUESTS_PER_HOUR),
}).refine((e) => e.TOKEN_SECRET_ARN || e.TOKEN_SECRET, { message: 'set TOKEN_SECRET_ARN (or TOKEN_SECRET locally)', path: ['TOKEN_SECRET_ARN'] });

/**
 * Reads and validates the environment once, at cold start.
 *
 * @throws ConfigError naming each missing or malformed variable.
 */
export function subscriptionConfigFrom(env: NodeJS.ProcessEnv): SubscriptionConfig {
  const e = parseEnvironment(environment, env, 'subscription');
  const settings = functionSettings(e);
  const newsletter = newsletterFromEnvironment(e.NEWSLETTER_CONTEXT, settings.site, { senderAddress: e.SENDER_ADDRESS });
  const originSecret = e.ORIGIN_SECRET_ARN ? { arn: e.ORIGIN_SECRET_ARN } : e.ORIGIN_SECRET ? { value: e.ORIGIN_SECRET } : undefined;
  return {
    ...settings,
    table: e.SUBSCRIBERS_TABLE,
    sender: newsletter.from,
    ...(newsletter.postalAddress && { postalAddress: newsletter.postalAddress }),
    tokenSecret: e.TOKEN_SECRET_ARN ? { arn: e.TOKEN_SECRET_ARN } : { value: e.TOKEN_SECRET! },
    ...(originSecret && { originSecret }),
    ...(e.INVITE_QUEUE_URL && { inviteQueueUrl: e.INVITE_QUEUE_URL }),
    siteBucket: e.SITE_BUCKET,
    welcomeMail: e.WELCOME_MAIL === 'true',
    confirmationMailsPerDay: e.CONFIRMATION_MAILS_PER_DAY,
    subscribeRequestsPerHour: e.SUBSCRIBE_REQUESTS_PER_HOUR,
    digest: newsletter.digest,
    ...(e.CONFIGURATION_SET && { configurationSet: e.CONFIGURATION_SET }),
  };
}
