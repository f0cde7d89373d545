import { assembleSite, markdownSources, postIndex, type BuildInput, type BuiltSite } from '../lambdas/site/buildSite';
import { parseInParallel } from './parseInParallel';

/** A build's input, with what the worker threads need to start on their own. */
export interface ParallelBuildInput extends Omit<BuildInput, 'firstSeen'> {
  /** The content folder the sources were read from; undated articles' first-seen times come from it. */
  readonly contentRoot: string;
  /** Threads to parse on; by default one per core, fewer for small sites. */
  readonly threads?: number;
}

/** Where a build's time went, for `herald build --profile`. */
export interface BuildTimings {
  readonly parseMs: number;
  readonly threads: number;
  /** Choosing what is visible, rendering pages, archive and feeds. */
  readonly assembleMs: number;
}

/**
 * `buildSite` with the parsing, the bulk of the work, spread over every core.
 * The files and report are the ones `buildSite` gives, byte for byte.
 */
export async function buildSiteInParallel(input: ParallelBuildInput): Promise<BuiltSite & { timings: BuildTimings }> {
  const started = performance.now();
  const parsed = await parseInParallel(markdownSources(input.sources), { ...input, index: postIndex(input.sources) });
  const parseMs = performance.now() - started;
  const built = assembleSite(input, parsed);
  return { ...built, timings: { parseMs, threads: parsed.threads, assembleMs: performance.now() - started - parseMs } };
}
