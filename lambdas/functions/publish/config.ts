import * as z from 'zod';
import { functionEnvironment, functionSettings, type FunctionSettings } from '../../config/functionEnvironment';
import { parseEnvironment } from '../../config/parseEnvironment';

/** The publish function's settings, from its environment. */
export interface PublishConfig extends FunctionSettings {
  readonly contentBucket: string;
  readonly siteBucket: string;
  readonly table: string;
  /** Where "article first published" events go; unset locally, where they are logged. */
  readonly announceQueueUrl?: string;
}

const environment = functionEnvironment.extend({
  CONTENT_BUCKET: z.string().min(3),
  SITE_BUCKET: z.string().min(3),
  TABLE_NAME: z.string().min(3),
  ANNOUNCE_QUEUE_URL: z.url().optional(),
});

/**
 * Reads and validates the environment once, at cold start.
 *
 * @throws ConfigError naming each missing or malformed variable.
 */
export function publishConfigFrom(env: NodeJS.ProcessEnv): PublishConfig {
  const e = parseEnvironment(environment, env, 'publish');
  return {
    ...functionSettings(e),
    contentBucket: e.CONTENT_BUCKET,
    siteBucket: e.SITE_BUCKET,
    table: e.TABLE_NAME,
    ...(e.ANNOUNCE_QUEUE_URL && { announceQueueUrl: e.ANNOUNCE_QUEUE_URL }),
  };
}
