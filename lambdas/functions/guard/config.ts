import * as z from 'zod';
import { parseEnvironment } from '../../config/parseEnvironment';

/** The guard function's settings, from its environment. */
export interface GuardConfig {
  readonly campaignsTable: string;
  /** The send function's SQS event source mapping. */
  readonly sendMappingId: string;
}

const environment = z.object({
  CAMPAIGNS_TABLE: z.string().min(3),
  SEND_MAPPING_ID: z.string().min(1),
});

/**
 * Reads and validates the environment once, at cold start.
 *
 * @throws ConfigError naming each missing or malformed variable.
 */
export function guardConfigFrom(env: NodeJS.ProcessEnv): GuardConfig {
  const e = parseEnvironment(environment, env, 'guard');
  return { campaignsTable: e.CAMPAIGNS_TABLE, sendMappingId: e.SEND_MAPPING_ID };
}
