import { z } from 'zod';
import type { NewsletterConfig } from '../config/newsletterConfig';
import { newsletterFromEnvironment, parseEnvironment, siteFromEnvironment } from '../config/parseEnvironment';
import type { SiteConfig } from '../config/siteConfig';

/** The send function's settings, from its environment. */
export interface SendConfig {
  readonly campaignsTable: string;
  readonly subscribersTable: string;
  readonly configurationSet?: string;
  /** Where the token key is: a Secrets Manager ARN in AWS, the key itself locally. */
  readonly tokenSecret: { readonly arn: string } | { readonly value: string };
  /** Invocations that may run at once (the event source's maximum concurrency); they share the rate. */
  readonly concurrency: number;
  /** Recipients per second for all invocations together; the account's quota when unset. */
  readonly sendRate?: number;
  /** Claim lease; longer than the function's timeout. */
  readonly leaseMs: number;
  readonly site: SiteConfig;
  readonly newsletter: NewsletterConfig;
  readonly endpoints: { readonly dynamodb?: string; readonly ses?: string };
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

const environment = z.object({
  CAMPAIGNS_TABLE: z.string().min(3),
  SUBSCRIBERS_TABLE: z.string().min(3),
  CONFIGURATION_SET: z.string().min(1).optional(),
  TOKEN_SECRET_ARN: z.string().min(1).optional(),
  TOKEN_SECRET: z.string().min(16).optional(),
  SEND_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(2),
  SEND_RATE: z.coerce.number().positive().optional(),
  CLAIM_LEASE_SECONDS: z.coerce.number().int().min(1).default(300),
  SITE_URL: z.url(),
  SITE_CONTEXT: z.string().default('{}'),
  NEWSLETTER_CONTEXT: z.string().default('{}'),
  HERALD_DYNAMODB_ENDPOINT: z.url().optional(),
  HERALD_SES_ENDPOINT: z.url().optional(),
  POWERTOOLS_LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).optional(),
}).refine((e) => e.TOKEN_SECRET_ARN || e.TOKEN_SECRET, { message: 'set TOKEN_SECRET_ARN (or TOKEN_SECRET locally)', path: ['TOKEN_SECRET_ARN'] });

/**
 * Reads and validates the environment once, at cold start.
 *
 * @throws ConfigError naming each missing or malformed variable.
 */
export function sendConfigFrom(env: NodeJS.ProcessEnv): SendConfig {
  const e = parseEnvironment(environment, env, 'send');
  const site = siteFromEnvironment(e.SITE_CONTEXT, e.SITE_URL);
  return {
    campaignsTable: e.CAMPAIGNS_TABLE,
    subscribersTable: e.SUBSCRIBERS_TABLE,
    ...(e.CONFIGURATION_SET && { configurationSet: e.CONFIGURATION_SET }),
    tokenSecret: e.TOKEN_SECRET_ARN ? { arn: e.TOKEN_SECRET_ARN } : { value: e.TOKEN_SECRET! },
    concurrency: e.SEND_CONCURRENCY,
    ...(e.SEND_RATE && { sendRate: e.SEND_RATE }),
    leaseMs: e.CLAIM_LEASE_SECONDS * 1000,
    site,
    newsletter: newsletterFromEnvironment(e.NEWSLETTER_CONTEXT, site),
    endpoints: { dynamodb: e.HERALD_DYNAMODB_ENDPOINT, ses: e.HERALD_SES_ENDPOINT },
    ...(e.POWERTOOLS_LOG_LEVEL && { logLevel: e.POWERTOOLS_LOG_LEVEL }),
  };
}
