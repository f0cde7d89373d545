import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { siteConfigFrom } from '../lambdas/config/siteConfig';
import { buildSite } from '../lambdas/site/buildSite';
import { firstSeenTimes } from './firstSeenTimes';
import { loadContext } from './loadContext';
import type { Output } from './output';
import { readContentTree } from './readContentTree';
import { UsageError } from './usageError';
import { writeSite } from './writeSite';

/** Help text for `herald build --help`. */
const BUILD_HELP = `Usage: herald build [options]

Renders the content folder into a static site: feed.xml (RSS 2.0), atom.xml,
feed.json (JSON Feed 1.1), feed.xsl, index.html and posts/<slug>/index.html,
plus the files of page bundles.

Options:
  --content DIR    markdown sources (default: content)
  --out DIR        where the site is written (default: public)
  --site-url URL   absolute site URL for links and feed ids (default: cdk.json context siteUrl)
  --drafts         include drafts (front matter draft: true or published: false)
  --config FILE    settings file whose "context" holds the site keys (default: cdk.json)
  -h, --help       show this help

Exits 1 when any article was rejected, after writing every valid one;
each rejected file is named on stderr with the line and the reason.`;

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
  const started = performance.now();
  const site = siteConfigFrom(loadContext(values.config), { siteUrl: values['site-url'] });
  const { files, report } = buildSite({
    site,
    sources: readContentTree(values.content),
    now,
    firstSeen: firstSeenTimes(values.content),
    includeDrafts: values.drafts,
  });
  const written = writeSite(values.out, files);

  for (const warning of report.warnings) {
    out.error(`warning: ${warning.file}${warning.line === undefined ? '' : `:${warning.line}`}: ${warning.message}`);
  }
  for (const error of report.rejected) out.error(`error: ${error.message}`);
  const { draft, scheduled, expired } = report.skipped;
  const ms = Math.round(performance.now() - started);
  out.info(
    `Built ${report.published.length} article(s) into ${values.out}/ in ${ms} ms: ` +
      `${draft} draft, ${scheduled} scheduled, ${expired} expired skipped; ${report.rejected.length} rejected; ` +
      `${written.written} file(s) written, ${written.unchanged} unchanged, ${written.removed} removed.`,
  );
  return report.rejected.length > 0 ? 1 : 0;
}
