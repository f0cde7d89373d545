import { join } from 'node:path';
import { readContentTree } from '../../cli/readContentTree';
import type { SiteConfig } from '../../lambdas/config/siteConfig';
import { buildSite, type BuiltSite } from '../../lambdas/site/buildSite';
import { FIXED_FIRST_SEEN, testSite } from './siteFixture';

// Posts written the way Hugo and Jekyll sites write them, one per construct a migrating author brings.
const CONTENT = join(__dirname, '../fixtures/migration/content');
const SITE_VALUES = { repository: 'herald-dev/herald', slidesHost: 'our slides site', github: { repository_url: 'https://github.com/herald-dev/herald' } };

/** The site settings the migration fixtures are built with: every article in the feeds, and the values their templates name. */
export function migrationSite(): SiteConfig {
  return testSite({ feedItems: 50, siteValues: SITE_VALUES });
}

/** Builds test/fixtures/migration/content as `herald build` would, at a fixed time. */
export function buildMigrationFixture(): BuiltSite {
  const site = migrationSite();
  return buildSite({ site, sources: readContentTree(CONTENT, site).files, now: new Date('2026-01-01T00:00:00Z'), firstSeen: FIXED_FIRST_SEEN });
}
