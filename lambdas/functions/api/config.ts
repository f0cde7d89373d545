import * as z from 'zod';
import { newsletterFromEnvironment, parseEnvironment, siteFromEnvironment } from '../../config/parseEnvironment';
import type { SiteConfig } from '../../config/siteConfig';

/** Settings of the API and suppression functions, from their environment. */
export interface SubscriptionConfig {
  readonly table: string;
  /** `"Name" <address>`, the same sender every newsletter has. */
  readonly sender: string;
  /** The sender's postal address for the mails' footer. */
  readonly postalAddress?: string;
  readonly configurationSet?: string;
  /** ARN of the Secrets Manager secret holding the token key. */
  readonly tokenSecretArn: string;
  /** The site bucket, whose feed.json names the latest article for the welcome mail. */
  readonly siteBucket: string;
  /** Send a welcome mail after a confirmation. */
  readonly welcomeMail: boolean;
  readonly site: SiteConfig;
}

const environment = z.object({
  SUBSCRIBERS_TABLE: z.string().min(3),
  SENDER_ADDRESS: z.string().min(3),
  CONFIGURATION_SET: z.string().min(1).optional(),
  TOKEN_SECRET_ARN: z.string().min(1),
  SITE_BUCKET: z.string().min(3),
  WELCOME_MAIL: z.enum(['true', 'false']).default('true'),
  SITE_URL: z.url(),
  SITE_CONTEXT: z.string().default('{}'),
  NEWSLETTER_CONTEXT: z.string().default('{}'),
});

/**
 * Reads and validates the environment once, at cold start.
 *
 * @throws ConfigError naming each missing or malformed variable.
 */
export function subscriptionConfigFrom(env: NodeJS.ProcessEnv): SubscriptionConfig {
  const e = parseEnvironment(environment, env, 'subscription');
  const site = siteFromEnvironment(e.SITE_CONTEXT, e.SITE_URL);
  const newsletter = newsletterFromEnvironment(e.NEWSLETTER_CONTEXT, site, { senderAddress: e.SENDER_ADDRESS });
  return {
    table: e.SUBSCRIBERS_TABLE,
    sender: newsletter.from,
    ...(newsletter.postalAddress && { postalAddress: newsletter.postalAddress }),
    tokenSecretArn: e.TOKEN_SECRET_ARN,
    siteBucket: e.SITE_BUCKET,
    welcomeMail: e.WELCOME_MAIL === 'true',
    site,
    ...(e.CONFIGURATION_SET && { configurationSet: e.CONFIGURATION_SET }),
  };
}
