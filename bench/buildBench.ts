import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { siteConfigFrom } from '../lambdas/config/siteConfig';
import { firstSeenTimes } from '../cli/firstSeenTimes';
import { readContentTree } from '../cli/readContentTree';
import { writeSite } from '../cli/writeSite';
import { buildSite } from '../lambdas/site/buildSite';
import { generateArticles } from './generateArticles';
import type { Figures } from './report';

/**
 * Full `herald build` of a generated site: read the tree, parse and render
 * every article, build feeds and archive, write everything to disk.
 */
export function buildBench(articles: number): Figures {
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-'));
  try {
    generateArticles(join(dir, 'content'), articles);
    const site = siteConfigFrom({ siteUrl: 'https://bench.example.com/' });
    const started = performance.now();
    const { files: sources } = readContentTree(join(dir, 'content'), site);
    const read = performance.now();
    const { files, report } = buildSite({ site, sources, now: new Date('2030-01-01T00:00:00Z'), firstSeen: firstSeenTimes(join(dir, 'content')) });
    const built = performance.now();
    writeSite(join(dir, 'public'), files);
    const done = performance.now();
    if (report.published.length !== articles) throw new Error(`expected ${articles} articles, built ${report.published.length}`);
    const wallMs = done - started;
    return {
      articles,
      'read ms': Math.round(read - started),
      'parse+render ms': Math.round(built - read),
      'write ms': Math.round(done - built),
      'wall ms': Math.round(wallMs),
      'articles/s': Math.round(articles / (wallMs / 1000)),
      'peak RSS MB': Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
