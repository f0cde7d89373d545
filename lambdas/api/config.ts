import { z } from 'zod';
import { ConfigError } from '../config/errors';
import { siteConfigFrom, type SiteConfig } from '../config/siteConfig';

/** Settings of the API and suppression functions, from their environment. */
export interface SubscriptionConfig {
  readonly table: string;
  readonly sender: string;
  readonly configurationSet?: string;
  /** ARN of the Secrets Manager secret holding the token key. */
  readonly tokenSecretArn: string;
  readonly site: SiteConfig;
}

const environment = z.object({
  SUBSCRIBERS_TABLE: z.string().min(3),
  SENDER_ADDRESS: z.string().min(3),
  CONFIGURATION_SET: z.string().min(1).optional(),
  TOKEN_SECRET_ARN: z.string().min(1),
  SITE_URL: z.url(),
  SITE_CONTEXT: z.string().default('{}'),
});

/**
 * Reads and validates the environment once, at cold start.
 *
 * @throws ConfigError naming each missing or malformed variable.
 */
export function subscriptionConfigFrom(env: NodeJS.ProcessEnv): SubscriptionConfig {
  const parsed = environment.safeParse(env);
  if (!parsed.success) throw new ConfigError(`subscription function environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const e = parsed.data;
  let context: Record<string, unknown>;
  try {
    context = JSON.parse(e.SITE_CONTEXT) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError('SITE_CONTEXT is not JSON', { cause: error });
  }
  return {
    table: e.SUBSCRIBERS_TABLE,
    sender: e.SENDER_ADDRESS,
    tokenSecretArn: e.TOKEN_SECRET_ARN,
    site: siteConfigFrom(context, { siteUrl: e.SITE_URL }),
    ...(e.CONFIGURATION_SET && { configurationSet: e.CONFIGURATION_SET }),
  };
}
