import type { z } from 'zod';
import { ConfigError } from './errors';
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
  let context: Record<string, unknown>;
  try {
    context = JSON.parse(siteContextJson) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError('SITE_CONTEXT is not JSON', { cause: error });
  }
  return siteConfigFrom(context, { siteUrl });
}
