import * as z from 'zod';
import { functionEnvironment, functionSettings, type FunctionSettings } from '../../config/functionEnvironment';
import type { NewsletterConfig } from '../../config/newsletterConfig';
import { newsletterFromEnvironment, parseEnvironment } from '../../config/parseEnvironment';

/** The send function's settings, from its environment. */
export interface SendConfig extends FunctionSettings {
  readonly campaignsTable: string;
  readonly subscribersTable: string;
  readonly configurationSet?: string;
  /** Where the token key is: a Secrets Manager ARN in AWS, the key itself locally. */
  readonly tokenSecret: { readonly arn: string } | { readonly value: string };
  /** Invocations that may run at once (the event source's maximum concurrency); they share the rate. */
  readonly concurrency: number;
  /** Recipients per second for all invocations together; the account's quota when unset. */
  readonly sendRate?: number;
  /** How long an invocation holds a batch: twice the function's timeout. */
  readonly leaseMs: number;
  /** The send queue itself, where a batch waiting for the daily quota goes back with a delay. */
  readonly sendQueueUrl?: string;
  readonly newsletter: NewsletterConfig;
}

const environment = functionEnvironment.extend({
  CAMPAIGNS_TABLE: z.string().min(3),
  SUBSCRIBERS_TABLE: z.string().min(3),
  CONFIGURATION_SET: z.string().min(1).optional(),
  TOKEN_SECRET_ARN: z.string().min(1).optional(),
  TOKEN_SECRET: z.string().min(16).optional(),
  SEND_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(2),
  SEND_RATE: z.coerce.number().positive().optional(),
  BATCH_LEASE_SECONDS: z.coerce.number().int().min(1).default(300),
  SEND_QUEUE_URL: z.string().min(1).optional(),
  NEWSLETTER_CONTEXT: z.string().default('{}'),
}).refine((e) => e.TOKEN_SECRET_ARN || e.TOKEN_SECRET, { message: 'set TOKEN_SECRET_ARN (or TOKEN_SECRET locally)', path: ['TOKEN_SECRET_ARN'] });

/**
 * Reads and validates the environment once, at cold start.
 *
 * @throws ConfigError naming each missing or malformed variable.
 */
export function sendConfigFrom(env: NodeJS.ProcessEnv): SendConfig {
  const e = parseEnvironment(environment, env, 'send');
  const settings = functionSettings(e);
  return {
    ...settings,
    campaignsTable: e.CAMPAIGNS_TABLE,
    subscribersTable: e.SUBSCRIBERS_TABLE,
    ...(e.CONFIGURATION_SET && { configurationSet: e.CONFIGURATION_SET }),
    tokenSecret: e.TOKEN_SECRET_ARN ? { arn: e.TOKEN_SECRET_ARN } : { value: e.TOKEN_SECRET! },
    concurrency: e.SEND_CONCURRENCY,
    ...(e.SEND_RATE && { sendRate: e.SEND_RATE }),
    leaseMs: e.BATCH_LEASE_SECONDS * 1000,
    ...(e.SEND_QUEUE_URL && { sendQueueUrl: e.SEND_QUEUE_URL }),
    newsletter: newsletterFromEnvironment(e.NEWSLETTER_CONTEXT, settings.site),
  };
}
