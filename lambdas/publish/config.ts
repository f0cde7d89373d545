import { z } from 'zod';
import { parseEnvironment, siteFromEnvironment } from '../config/parseEnvironment';
import type { SiteConfig } from '../config/siteConfig';

/** The publish function's settings, from its environment. */
export interface PublishConfig {
  readonly contentBucket: string;
  readonly siteBucket: string;
  readonly table: string;
  /** Where "article first published" events go; unset locally, where they are logged. */
  readonly announceQueueUrl?: string;
  readonly site: SiteConfig;
  readonly endpoints: { readonly s3?: string; readonly dynamodb?: string; readonly sqs?: string };
  /** Powertools log level; Lambda's own log-level setting applies when unset. */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

const environment = z.object({
  CONTENT_BUCKET: z.string().min(3),
  SITE_BUCKET: z.string().min(3),
  TABLE_NAME: z.string().min(3),
  ANNOUNCE_QUEUE_URL: z.url().optional(),
  SITE_URL: z.url(),
  // The site keys of cdk.json context, as JSON, so the Lambda and the CLI read the same settings.
  SITE_CONTEXT: z.string().default('{}'),
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
export function publishConfigFrom(env: NodeJS.ProcessEnv): PublishConfig {
  const e = parseEnvironment(environment, env, 'publish');
  return {
    contentBucket: e.CONTENT_BUCKET,
    siteBucket: e.SITE_BUCKET,
    table: e.TABLE_NAME,
    ...(e.ANNOUNCE_QUEUE_URL && { announceQueueUrl: e.ANNOUNCE_QUEUE_URL }),
    site: siteFromEnvironment(e.SITE_CONTEXT, e.SITE_URL),
    endpoints: { s3: e.HERALD_S3_ENDPOINT, dynamodb: e.HERALD_DYNAMODB_ENDPOINT, sqs: e.HERALD_SQS_ENDPOINT },
    ...(e.POWERTOOLS_LOG_LEVEL && { logLevel: e.POWERTOOLS_LOG_LEVEL }),
  };
}
