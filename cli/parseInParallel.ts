import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SiteConfig } from '../lambdas/config/siteConfig';
import type { Article } from '../lambdas/content/article';
import type { ContentWarning } from '../lambdas/content/contentWarning';
import { ArticleError, type ArticleProblem } from '../lambdas/content/errors';
import type { SourceFile } from '../lambdas/content/parseArticle';
import { parseSources, postUrlResolver, type ParsedSources, type PostIndex } from '../lambdas/site/buildSite';
import { firstSeenTimes } from './firstSeenTimes';
import type { ParseWorkerData } from './parseWorker';

/** A slice of the sources, numbered so results join in source order. */
export interface ParseBatch {
  readonly index: number;
  readonly sources: readonly SourceFile[];
}

/** A batch parsed by a worker; errors travel as their problem and are rebuilt here. */
export interface ParsedBatch {
  readonly index: number;
  readonly articles: readonly Article[];
  readonly warnings: readonly ContentWarning[];
  readonly rejected: readonly ArticleProblem[];
  readonly references: ParsedSources['references'];
  readonly pages: ParsedSources['pages'];
}

/** What parsing on several threads needs besides the sources. */
export interface ParallelParseOptions {
  readonly site: SiteConfig;
  /** The content folder: each thread asks it (`firstSeenTimes`) when an undated article was first seen. */
  readonly contentRoot: string;
  /** `postIndex` over every content file. */
  readonly index: PostIndex;
  /** Threads including this one; by default one per core, fewer for small sites. */
  readonly threads?: number;
}

// Below this many articles per thread, starting a worker (about 0.3 s of module loading) costs more than it saves.
const ARTICLES_PER_THREAD = 500;
// Workers are TypeScript run through tsx, like the CLI; the path is absolute so any working folder resolves it.
const WORKER = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(join(__dirname, 'parseWorker.ts'))});`;

/**
 * `parseSources` over every core: this thread and `threads - 1` workers pull
 * batches from one queue, so a slow batch never holds the others up, and the
 * parts join in source order. The result is the one `parseSources` gives on
 * one thread.
 */
export async function parseInParallel(markdown: readonly SourceFile[], options: ParallelParseOptions): Promise<ParsedSources & { threads: number }> {
  const threads = Math.max(1, options.threads ?? Math.min(availableParallelism(), Math.floor(markdown.length / ARTICLES_PER_THREAD)));
  const ctx = { site: options.site, firstSeen: firstSeenTimes(options.contentRoot), postUrl: postUrlResolver(options.site.url, options.index) };
  if (threads === 1) return { ...parseSources(markdown, ctx), threads };

  // Batches shrink as the queue empties, so the threads finish together: with batches of 100 to the end,
  // this thread waited up to 0.13 s for a worker's last two (it keeps two in hand), now about 10 ms.
  const batches: ParseBatch[] = [];
  for (let start = 0; start < markdown.length;) {
    const size = Math.min(100, Math.max(10, Math.ceil((markdown.length - start) / (threads * 8))));
    batches.push({ index: batches.length, sources: markdown.slice(start, start + size) });
    start += size;
  }
  const results: ParsedSources[] = new Array(batches.length);
  let next = 0;

  const data: ParseWorkerData = { site: options.site, contentRoot: options.contentRoot, index: options.index };
  const workers = Array.from({ length: threads - 1 }, () => new Worker(WORKER, { eval: true, workerData: data }));
  const finished = workers.map((worker) => new Promise<void>((resolve, reject) => {
    let inFlight = 0;
    const send = (): void => {
      if (next >= batches.length) return;
      worker.postMessage(batches[next++]);
      inFlight++;
    };
    worker.on('message', (batch: ParsedBatch) => {
      results[batch.index] = { ...batch, rejected: batch.rejected.map((problem) => new ArticleError(problem)) };
      inFlight--;
      send();
      if (inFlight === 0) resolve();
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (inFlight > 0) reject(new Error(`a parse worker stopped (exit code ${code}) with ${inFlight} batch(es) unfinished`));
    });
    // Two batches queued, so a worker never waits while this thread is busy with its own.
    send();
    send();
  }));

  try {
    while (next < batches.length) {
      const batch = batches[next++]!;
      results[batch.index] = parseSources(batch.sources, ctx);
      // Let the workers' results in, and their next batches out.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(finished);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return {
    threads,
    articles: results.flatMap((r) => r.articles),
    warnings: results.flatMap((r) => r.warnings),
    rejected: results.flatMap((r) => r.rejected),
    references: new Map(results.flatMap((r) => [...r.references])),
    pages: new Map(results.flatMap((r) => [...r.pages])),
  };
}
