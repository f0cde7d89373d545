import { parentPort, workerData } from 'node:worker_threads';
import type { SiteConfig } from '../lambdas/config/siteConfig';
import type { SourceFile } from '../lambdas/content/parseArticle';
import { parseSources, postUrlResolver, type PostIndex } from '../lambdas/site/buildSite';
import { firstSeenTimes } from './firstSeenTimes';
import type { ParseBatch, ParsedBatch } from './parseInParallel';

/** What every batch of one build shares, sent once when the worker starts. */
export interface ParseWorkerData {
  readonly site: SiteConfig;
  readonly contentRoot: string;
  readonly index: PostIndex;
}

// One thread of parseInParallel: parses the batches it is sent and posts each result back.
const { site, contentRoot, index } = workerData as ParseWorkerData;
const ctx = { site, firstSeen: firstSeenTimes(contentRoot), postUrl: postUrlResolver(site.url, index) };
parentPort!.on('message', ({ index: batch, sources }: ParseBatch & { sources: readonly SourceFile[] }) => {
  const { articles, warnings, rejected, references, pages } = parseSources(sources, ctx);
  // An error's class does not cross threads; its problem does, and the main thread rebuilds it.
  const result: ParsedBatch = { index: batch, articles, warnings, references, pages, rejected: rejected.map(({ file, line, field, reason }) => ({ file, line, field, reason })) };
  parentPort!.postMessage(result);
});
