import { z } from 'zod';
import type { NewsletterConfig } from '../config/newsletterConfig';
import { newsletterFromEnvironment, parseEnvironment, siteFromEnvironment } from '../config/parseEnvironment';
import type { SiteConfig } from '../config/siteConfig';

/** The notify function's settings, from its environment. */
export interface NotifyConfig {
  readonly contentBucket: string;
  readonly campaignsTable: string;
  readonly subscribersTable: string;
  readonly sendQueueUrl: string;
  readonly site: SiteConfig;
  readonly newsletter: NewsletterConfig;
  readonly endpoints: { readonly s3?: string; readonly dynamodb?: string; readonly sqs?: string };
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

const environment = z.object({
  CONTENT_BUCKET: z.string().min(3),
  CAMPAIGNS_TABLE: z.string().min(3),
  SUBSCRIBERS_TABLE: z.string().min(3),
  SEND_QUEUE_URL: z.string().min(1),
  SITE_URL: z.url(),
  SITE_CONTEXT: z.string().default('{}'),
  NEWSLETTER_CONTEXT: z.string().default('{}'),
  HERALD_S3_ENDPOINT: z.url().optional(),
  HERALD_DYNAMODB_ENDPOINT: z.url().optional(),
  HERALD_SQS_ENDPOINT: z.url().optional(),
  POWERTOOLS_LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).optional(),
});

/**
 * Reads and validates the environment once, at cold start.
 *
 * @throws ConfigError naming each missing or malformed variable.
 */
export function notifyConfigFrom(env: NodeJS.ProcessEnv): NotifyConfig {
  const e = parseEnvironment(environment, env, 'notify');
  const site = siteFromEnvironment(e.SITE_CONTEXT, e.SITE_URL);
  return {
    contentBucket: e.CONTENT_BUCKET,
    campaignsTable: e.CAMPAIGNS_TABLE,
    subscribersTable: e.SUBSCRIBERS_TABLE,
    sendQueueUrl: e.SEND_QUEUE_URL,
    site,
    newsletter: newsletterFromEnvironment(e.NEWSLETTER_CONTEXT, site),
    endpoints: { s3: e.HERALD_S3_ENDPOINT, dynamodb: e.HERALD_DYNAMODB_ENDPOINT, sqs: e.HERALD_SQS_ENDPOINT },
    ...(e.POWERTOOLS_LOG_LEVEL && { logLevel: e.POWERTOOLS_LOG_LEVEL }),
  };
}
