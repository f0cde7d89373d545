import type { z } from 'zod';
import { ConfigError } from './errors';
import { newsletterConfigFrom, type NewsletterConfig } from './newsletterConfig';
import { siteConfigFrom, type SiteConfig } from './siteConfig';

/**
 * Validates a function's environment against its schema at cold start.
 *
 * @throws ConfigError naming the function and each missing or malformed variable.
 */
export function parseEnvironment<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv, functionName: string): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`${functionName} function environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/**
 * The site settings a function receives: the cdk.json site keys as JSON in
 * SITE_CONTEXT, and the deployed URL, so the Lambdas and the CLI agree.
 *
 * @throws ConfigError when SITE_CONTEXT is not JSON or a setting is invalid.
 */
export function siteFromEnvironment(siteContextJson: string, siteUrl: string): SiteConfig {
  return siteConfigFrom(contextFrom(siteContextJson, 'SITE_CONTEXT'), { siteUrl });
}

/**
 * The newsletter settings a function receives: their cdk.json keys as JSON in
 * NEWSLETTER_CONTEXT, with `overrides` (such as SENDER_ADDRESS) on top.
 *
 * @throws ConfigError when NEWSLETTER_CONTEXT is not JSON or a setting is invalid.
 */
export function newsletterFromEnvironment(newsletterContextJson: string, site: SiteConfig, overrides: Readonly<Record<string, string>> = {}): NewsletterConfig {
  return newsletterConfigFrom({ ...contextFrom(newsletterContextJson, 'NEWSLETTER_CONTEXT'), ...overrides }, site);
}

function contextFrom(json: string, variable: string): Record<string, unknown> {
  try {
    return JSON.parse(json) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`${variable} is not JSON`, { cause: error });
  }
}
