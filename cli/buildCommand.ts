import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { siteConfigFrom } from '../lambdas/config/siteConfig';
import { xsltProcessorScript } from '../lambdas/adapters/xsltProcessorScript';
import { SITE_PATHS } from '../lambdas/site/sitePaths';
import { buildSiteInParallel } from './buildSiteInParallel';
import { isInside, realPathOf } from './isInside';
import { loadContext } from './loadContext';
import type { Output } from './output';
import { readContentTree } from './readContentTree';
import { UsageError } from './usageError';
import { writeSite } from './writeSite';

/** Help text for `herald build --help`. */
const BUILD_HELP = `Usage: herald build [options]

Renders the content folder into a static site: feed.xml (RSS 2.0), atom.xml,
feed.json (JSON Feed 1.1), index.html (the newest articles and every month),
posts/<slug>/index.html, archive/YYYY/MM/ (a page and a sitemap per month),
tags/<tag>/ (a page, three feeds and month pages per tag), 404.html,
sitemap.xml, robots.txt, the feeds' browser preview (feed.xsl, feed-preview.js,
xslt-processor.js), plus the files of page bundles beside their article and
every other non-markdown file at its own path (content/img/x.png -> img/x.png).

Options:
  --content DIR    markdown sources (default: content)
  --out DIR        where the site is written (default: public); never the content
                   folder, inside it, or a folder that contains it
  --site-url URL   absolute site URL for links and feed ids (default: cdk.json context siteUrl)
  --drafts         include drafts (front matter draft: true or published: false)
  --config FILE    settings file whose "context" holds the site keys (default: cdk.json)
  --threads N      threads to parse on (default: one per core, fewer for small sites)
  --profile        print where the time went: read, parse, pages and feeds, write
  -h, --help       show this help

Exits 1 when any file was rejected (an article, a file over maxArticleBytes or
maxFileBytes, a static file over one of the site's own paths), after writing
every valid one; each rejected file is named on stderr with the line and the
reason. Warnings (skipped symlinks, links to files the site does not have)
do not change the exit code.`;

/**
 * `herald build`: reads the content tree, builds the site, writes it and
 * reports. Returns the process exit code.
 *
 * @example
 * await buildCommand(['--content', 'content', '--out', 'public'], consoleOutput);
 */
export async function buildCommand(args: readonly string[], out: Output, now = new Date()): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      content: { type: 'string', default: 'content' },
      out: { type: 'string', default: 'public' },
      'site-url': { type: 'string' },
      drafts: { type: 'boolean', default: false },
      config: { type: 'string', default: 'cdk.json' },
      threads: { type: 'string' },
      profile: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    out.info(BUILD_HELP);
    return 0;
  }
  if (!existsSync(values.content) || !statSync(values.content).isDirectory()) {
    throw new UsageError(`content folder "${values.content}" does not exist`);
  }
  const overlap = outOverlap(values.content, values.out);
  if (overlap) throw new UsageError(overlap);
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) throw new UsageError(`--threads must be a whole number of at least 1, not "${values.threads}"`);
  const started = performance.now();
  const site = siteConfigFrom(loadContext(values.config), { siteUrl: values['site-url'] });
  const tree = readContentTree(values.content, site);
  const read = performance.now();
  const { files, report, timings } = await buildSiteInParallel({
    site,
    sources: tree.files,
    now,
    includeDrafts: values.drafts,
    contentRoot: values.content,
    ...(threads !== undefined && { threads }),
  });
  const built = performance.now();
  const written = writeSite(values.out, [...files, { path: SITE_PATHS.xsltProcessor, body: xsltProcessorScript() }]);
  if (values.profile) {
    const ms = (n: number) => `${Math.round(n)} ms`;
    out.info(`Profile: read ${ms(read - started)}, parse ${ms(timings.parseMs)} on ${timings.threads} thread(s), ` +
      `pages and feeds ${ms(timings.assembleMs)}, write ${ms(performance.now() - built)}.`);
  }

  const rejected = [...tree.refused, ...report.rejected].sort((a, b) => (a.file < b.file ? -1 : 1));
  for (const warning of [...tree.warnings, ...report.warnings]) {
    out.error(`warning: ${warning.file}${warning.line === undefined ? '' : `:${warning.line}`}: ${warning.message}`);
  }
  for (const error of rejected) out.error(`error: ${error.message}`);
  const { draft, scheduled, expired } = report.skipped;
  const ms = Math.round(performance.now() - started);
  out.info(
    `Built ${report.published.length} article(s) into ${values.out}/ in ${ms} ms: ` +
      `${draft} draft, ${scheduled} scheduled, ${expired} expired skipped; ${rejected.length} rejected; ` +
      `${written.written} file(s) written, ${written.unchanged} unchanged, ${written.removed} removed.`,
  );
  return rejected.length > 0 ? 1 : 0;
}

// Writing into the sources (or the sources into the output) would prune or overwrite the author's files.
function outOverlap(content: string, out: string): string | undefined {
  const sources = realPathOf(content);
  const site = realPathOf(out);
  if (site === sources) return `--out "${out}" is the content folder; choose a folder outside it`;
  if (isInside(sources, site)) return `--out "${out}" lies inside the content folder "${content}"; choose a folder outside it`;
  if (isInside(site, sources)) return `--out "${out}" contains the content folder "${content}"; choose a folder outside it`;
  return undefined;
}
