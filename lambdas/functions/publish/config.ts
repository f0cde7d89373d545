import * as z from 'zod';
import { functionEnvironment, functionSettings, type FunctionSettings } from '../../config/functionEnvironment';
import { parseEnvironment } from '../../config/parseEnvironment';

/** Where the publish and rebuild functions keep what they share. */
export interface PublishingStores extends FunctionSettings {
  readonly contentBucket: string;
  /** The site bucket: the publish function writes static files there, the rebuild everything else. */
  readonly siteBucket: string;
  /** The private bucket of rendered articles. */
  readonly entriesBucket: string;
  readonly table: string;
}

/** The publish function's settings, from its environment. */
export interface PublishConfig extends PublishingStores {
  /** Its own events queue (re-drives, the next page of a job); unset locally, where the stack hands in its queue. */
  readonly eventsQueueUrl?: string;
  /** The rebuild's FIFO queue; unset locally, as above. */
  readonly rebuildQueueUrl?: string;
  /** How long a deleted key keeps its slug. */
  readonly deleteGraceMs: number;
}

/** The environment variables naming the stores of {@link PublishingStores}. */
export const storesEnvironment = functionEnvironment.extend({
  CONTENT_BUCKET: z.string().min(3),
  SITE_BUCKET: z.string().min(3),
  ENTRIES_BUCKET: z.string().min(3),
  TABLE_NAME: z.string().min(3),
});

/** The stores named by a parsed {@link storesEnvironment}, and the common function settings. */
export function storesFrom(e: z.infer<typeof storesEnvironment>): PublishingStores {
  return {
    ...functionSettings(e),
    contentBucket: e.CONTENT_BUCKET,
    siteBucket: e.SITE_BUCKET,
    entriesBucket: e.ENTRIES_BUCKET,
    table: e.TABLE_NAME,
  };
}

const environment = storesEnvironment.extend({
  EVENTS_QUEUE_URL: z.url().optional(),
  REBUILD_QUEUE_URL: z.url().optional(),
  DELETE_GRACE_SECONDS: z.coerce.number().min(0).max(900).default(30),
});

/**
 * Reads and validates the environment once, at cold start.
 *
 * @throws ConfigError naming each missing or malformed variable.
 */
export function publishConfigFrom(env: NodeJS.ProcessEnv): PublishConfig {
  const e = parseEnvironment(environment, env, 'publish');
  return {
    ...storesFrom(e),
    deleteGraceMs: e.DELETE_GRACE_SECONDS * 1000,
    ...(e.EVENTS_QUEUE_URL && { eventsQueueUrl: e.EVENTS_QUEUE_URL }),
    ...(e.REBUILD_QUEUE_URL && { rebuildQueueUrl: e.REBUILD_QUEUE_URL }),
  };
}
