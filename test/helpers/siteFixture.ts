import { siteConfigFrom, type SiteConfig } from '../../lambdas/config/siteConfig';
import type { FirstSeen } from '../../lambdas/content/article';

/** A site configuration with fixed values for tests. */
export function testSite(overrides: Record<string, unknown> = {}): SiteConfig {
  return siteConfigFrom({ siteTitle: 'Test Site', siteUrl: 'https://blog.example.com/', authorName: 'Tess Author', authorEmail: 'tess@example.com', ...overrides });
}

/** A first-seen source that always answers the same fixed time. */
export const FIXED_FIRST_SEEN = (): FirstSeen => ({ date: new Date('2026-03-03T03:03:03Z'), source: 'test clock' });
