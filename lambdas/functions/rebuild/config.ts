import * as z from 'zod';
import { functionEnvironment, functionSettings, type FunctionSettings } from '../../config/functionEnvironment';
import { parseEnvironment } from '../../config/parseEnvironment';

/** The rebuild function's settings, from its environment. */
export interface RebuildConfig extends FunctionSettings {
  readonly contentBucket: string;
  readonly siteBucket: string;
  readonly entriesBucket: string;
  readonly table: string;
  /** Where "article first published" events go; unset locally, where the stack hands in its queue. */
  readonly announceQueueUrl?: string;
}

const environment = functionEnvironment.extend({
  CONTENT_BUCKET: z.string().min(3),
  SITE_BUCKET: z.string().min(3),
  ENTRIES_BUCKET: z.string().min(3),
  TABLE_NAME: z.string().min(3),
  ANNOUNCE_QUEUE_URL: z.url().optional(),
});

/**
 * Reads and validates the environment once, at cold start.
 *
 * @throws ConfigError naming each missing or malformed variable.
 */
export function rebuildConfigFrom(env: NodeJS.ProcessEnv): RebuildConfig {
  const e = parseEnvironment(environment, env, 'rebuild');
  return {
    ...functionSettings(e),
    contentBucket: e.CONTENT_BUCKET,
    siteBucket: e.SITE_BUCKET,
    entriesBucket: e.ENTRIES_BUCKET,
    table: e.TABLE_NAME,
    ...(e.ANNOUNCE_QUEUE_URL && { announceQueueUrl: e.ANNOUNCE_QUEUE_URL }),
  };
}
