import * as z from 'zod';
import { parseEnvironment } from '../../config/parseEnvironment';
import { storesEnvironment, storesFrom, type PublishingStores } from '../publish/config';

/** The rebuild function's settings, from its environment. */
export interface RebuildConfig extends PublishingStores {
  /** Where "article first published" events go; unset locally, where the stack hands in its queue. */
  readonly announceQueueUrl?: string;
  /** Where WebSub pings go (set with `websubHub`); unset locally, where the stack hands in its queue. */
  readonly websubQueueUrl?: string;
}

const environment = storesEnvironment.extend({
  ANNOUNCE_QUEUE_URL: z.url().optional(),
  WEBSUB_QUEUE_URL: z.url().optional(),
});

/**
 * Reads and validates the environment once, at cold start.
 *
 * @throws ConfigError naming each missing or malformed variable.
 */
export function rebuildConfigFrom(env: NodeJS.ProcessEnv): RebuildConfig {
  const e = parseEnvironment(environment, env, 'rebuild');
  return {
    ...storesFrom(e),
    ...(e.ANNOUNCE_QUEUE_URL && { announceQueueUrl: e.ANNOUNCE_QUEUE_URL }),
    ...(e.WEBSUB_QUEUE_URL && { websubQueueUrl: e.WEBSUB_QUEUE_URL }),
  };
}
