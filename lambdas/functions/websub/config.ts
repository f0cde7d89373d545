import * as z from 'zod';
import { ConfigError } from '../../config/errors';
import { functionEnvironment, functionSettings, type FunctionSettings } from '../../config/functionEnvironment';
import { parseEnvironment } from '../../config/parseEnvironment';

/** The WebSub ping function's settings, from its environment. */
export interface WebsubConfig extends FunctionSettings {
  /** The hub (cdk.json `websubHub`). */
  readonly hub: string;
  /** The ping queue itself, where a ping the hub did not take goes back with a delay; unset locally. */
  readonly queueUrl?: string;
  /** How long one ping may wait for the hub's answer. */
  readonly timeoutMs: number;
}

const environment = functionEnvironment.extend({
  WEBSUB_QUEUE_URL: z.url().optional(),
  HUB_TIMEOUT_MS: z.coerce.number().int().min(10).max(20_000).default(5000),
});

/**
 * Reads and validates the environment once, at cold start.
 *
 * @throws ConfigError naming each missing or malformed variable, or when no hub is set.
 */
export function websubConfigFrom(env: NodeJS.ProcessEnv): WebsubConfig {
  const e = parseEnvironment(environment, env, 'websub');
  const settings = functionSettings(e);
  if (!settings.site.websubHub) throw new ConfigError('websub function environment: SITE_CONTEXT has no websubHub');
  return { ...settings, hub: settings.site.websubHub, ...(e.WEBSUB_QUEUE_URL && { queueUrl: e.WEBSUB_QUEUE_URL }), timeoutMs: e.HUB_TIMEOUT_MS };
}
