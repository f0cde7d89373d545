import { parseArgs } from 'node:util';
import { buildBench } from './buildBench';
import { bundleBench } from './bundleBench';
import { newsletterBench } from './newsletterBench';
import { publishBench } from './publishBench';
import { report, type Figures } from './report';

// The lockfile pins an SDK that supports Node 20; its warning about future releases is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = `Usage: npm run bench -- [build|publish|newsletter|bundles|all] [--articles N] [--vs-hugo] [--runs N] [--subscribers N] [--profile] [--json] [--baseline FILE] [--save FILE]

  build        full herald build of N generated articles (default 10000), with its profile;
               --vs-hugo builds the same articles with Hugo too and prints the ratios;
               --runs N alternates the builds N times and prints the medians
  publish      one new article published into sites of 100, 1,000, 10,000 and 100,000 articles,
               and into a site whose newest articles are three 1 MB, table-heavy ones
  newsletter   one article mailed to N confirmed subscribers (default 100000): fan-out
               and send throughput against the emulators, calls, capacity and cost;
               --profile adds whose code the send phase's CPU time went to
  bundles      each Lambda bundle of a fresh synth: JavaScript and source map size, cold
               import (median of 5 fresh processes); --cdk-out DIR measures an existing one
  all          all four (the default)
  --json       print one JSON object instead of a table
  --baseline   compare with figures saved earlier by --save
  --save       save these figures as a baseline file`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    articles: { type: 'string', default: '10000' },
    subscribers: { type: 'string', default: '100000' },
    'cdk-out': { type: 'string' },
    'vs-hugo': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    runs: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    baseline: { type: 'string' },
    save: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

async function run(): Promise<void> {
  const which = positionals[0] ?? 'all';
  if (!['build', 'publish', 'newsletter', 'bundles', 'all'].includes(which)) throw new Error(`unknown benchmark "${which}"\n${USAGE}`);
  const figures: Record<string, number> = {};
  if (which === 'all' || which === 'build') Object.assign(figures, prefixed('build', buildBench(Number(values.articles), { vsHugo: values['vs-hugo'], runs: Number(values.runs) })));
  if (which === 'all' || which === 'publish') Object.assign(figures, prefixed('publish', await publishBench([100, 1_000, 10_000, 100_000])));
  if (which === 'all' || which === 'newsletter') Object.assign(figures, prefixed('newsletter', await newsletterBench(Number(values.subscribers), { profile: values.profile })));
  if (which === 'all' || which === 'bundles') Object.assign(figures, prefixed('bundles', bundleBench(values['cdk-out'])));
  report(`Herald benchmarks (${which})`, figures, values);
}

function prefixed(prefix: string, figures: Figures): Figures {
  return Object.fromEntries(Object.entries(figures).map(([k, v]) => [`${prefix}: ${k}`, v]));
}

if (values.help) process.stdout.write(`${USAGE}\n`);
else run().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
