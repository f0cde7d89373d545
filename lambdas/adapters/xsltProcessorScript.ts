import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The name the publish function's bundle carries the processor under, beside its handler (see lib/constructs/publisher.ts). */
export const BUNDLED_XSLT_PROCESSOR = 'xslt-processor.global.js';

/**
 * Where the xslt-processor package keeps its browser build (LGPL-3.0,
 * published unchanged as its own file, so a reader can swap it).
 */
export function xsltProcessorSourcePath(): string {
  // The package exports only its entry point, so the browser build is found beside it. (Resolved at
  // run time, out of the bundler's sight: the Lambda bundle carries the file itself.)
  return join(dirname(createRequire(__filename).resolve('xslt-processor')), 'umd', 'xslt-processor.global.js');
}

/**
 * The browser build of the XSLT processor that the feeds' preview loads
 * where the browser has no XSLT: from the Lambda bundle, else from node_modules.
 */
export function xsltProcessorScript(): Uint8Array {
  const bundled = join(__dirname, BUNDLED_XSLT_PROCESSOR);
  return readFileSync(existsSync(bundled) ? bundled : xsltProcessorSourcePath());
}
