import { createPublishHandler } from './createPublishHandler';

/**
 * Publish function: S3 content events (and the schedule's ticks) arrive
 * through SQS; messages that fail are reported so only they are retried.
 */
export const handler = createPublishHandler(process.env);
