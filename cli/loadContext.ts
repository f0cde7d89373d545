import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '../lambdas/config/errors';
import type { SiteContext } from '../lambdas/config/siteConfig';

/**
 * Reads the `context` of `cdk.json`, the one place Herald's settings live
 * (DESIGN.md principle 6). A missing file means all defaults.
 */
export function loadContext(path = 'cdk.json'): SiteContext {
  if (!existsSync(path)) return {};
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { context?: SiteContext };
    return parsed.context ?? {};
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}
