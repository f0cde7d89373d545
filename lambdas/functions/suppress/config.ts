import { ConfigError } from '../../config/errors';

/** The suppression function needs only its table. */
export function suppressConfigFrom(env: NodeJS.ProcessEnv): { readonly table: string } {
  const table = env.SUBSCRIBERS_TABLE;
  if (!table || table.length < 3) throw new ConfigError('suppression function environment: SUBSCRIBERS_TABLE is missing');
  return { table };
}
