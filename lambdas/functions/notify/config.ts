import * as z from 'zod';
import { functionEnvironment, functionSettings, type FunctionSettings } from '../../config/functionEnvironment';
import type { NewsletterConfig } from '../../config/newsletterConfig';
import { newsletterFromEnvironment, parseEnvironment } from '../../config/parseEnvironment';

/** The notify function's settings, from its environment. */
export interface NotifyConfig extends FunctionSettings {
  /** The private bucket of rendered articles the publish function writes. */
  readonly entriesBucket: string;
  readonly campaignsTable: string;
  readonly subscribersTable: string;
  readonly sendQueueUrl: string;
  readonly newsletter: NewsletterConfig;
}

const environment = functionEnvironment.extend({
  ENTRIES_BUCKET: z.string().min(3),
  CAMPAIGNS_TABLE: z.string().min(3),
  SUBSCRIBERS_TABLE: z.string().min(3),
  SEND_QUEUE_URL: z.string().min(1),
  NEWSLETTER_CONTEXT: z.string().default('{}'),
});

/**
 * Reads and validates the environment once, at cold start.
 *
 * @throws ConfigError naming each missing or malformed variable.
 */
export function notifyConfigFrom(env: NodeJS.ProcessEnv): NotifyConfig {
  const e = parseEnvironment(environment, env, 'notify');
  const settings = functionSettings(e);
  return {
    ...settings,
    entriesBucket: e.ENTRIES_BUCKET,
    campaignsTable: e.CAMPAIGNS_TABLE,
    subscribersTable: e.SUBSCRIBERS_TABLE,
    sendQueueUrl: e.SEND_QUEUE_URL,
    newsletter: newsletterFromEnvironment(e.NEWSLETTER_CONTEXT, settings.site),
  };
}
