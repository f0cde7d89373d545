import * as z from 'zod';
import type { SiteConfig } from './siteConfig';
import { siteFromEnvironment } from './parseEnvironment';

/**
 * The variables every pipeline function (publish, notify, send) reads: the
 * site, the Powertools log level, and the emulator endpoints the local stack
 * points the AWS clients at. Each function's schema extends this one.
 */
export const functionEnvironment = z.object({
  SITE_URL: z.url(),
  // The site keys of cdk.json context, as JSON, so the Lambda and the CLI read the same settings.
  SITE_CONTEXT: z.string().default('{}'),
  HERALD_S3_ENDPOINT: z.url().optional(),
  HERALD_DYNAMODB_ENDPOINT: z.url().optional(),
  HERALD_SQS_ENDPOINT: z.url().optional(),
  HERALD_SES_ENDPOINT: z.url().optional(),
  POWERTOOLS_LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).optional(),
});

/** What {@link functionSettings} derives from the shared variables. */
export interface FunctionSettings {
  readonly site: SiteConfig;
  /** Emulator endpoints locally; all unset in AWS. */
  readonly endpoints: { readonly s3?: string; readonly dynamodb?: string; readonly sqs?: string; readonly ses?: string };
  /** Powertools log level; Lambda's own log-level setting applies when unset. */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

/**
 * The site, endpoints and log level from a parsed environment.
 *
 * @throws ConfigError when SITE_CONTEXT is not JSON or a site setting is invalid.
 */
export function functionSettings(e: z.infer<typeof functionEnvironment>): FunctionSettings {
  return {
    site: siteFromEnvironment(e.SITE_CONTEXT, e.SITE_URL),
    endpoints: { s3: e.HERALD_S3_ENDPOINT, dynamodb: e.HERALD_DYNAMODB_ENDPOINT, sqs: e.HERALD_SQS_ENDPOINT, ses: e.HERALD_SES_ENDPOINT },
    ...(e.POWERTOOLS_LOG_LEVEL && { logLevel: e.POWERTOOLS_LOG_LEVEL }),
  };
}
