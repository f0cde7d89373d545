import { parseArgs } from 'node:util';
import { buildBench } from './buildBench';
import { report } from './report';

const USAGE = `Usage: npm run bench -- [build] [--articles N] [--json] [--baseline FILE] [--save FILE]

  build        full herald build of N generated articles (default 10000)
  --json       print one JSON object instead of a table
  --baseline   compare with figures saved earlier by --save
  --save       save these figures as a baseline file`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    articles: { type: 'string', default: '10000' },
    json: { type: 'boolean', default: false },
    baseline: { type: 'string' },
    save: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write(`${USAGE}\n`);
} else {
  const which = positionals[0] ?? 'build';
  if (which !== 'build') throw new Error(`unknown benchmark "${which}"\n${USAGE}`);
  const articles = Number(values.articles);
  report(`herald build, ${articles} articles`, buildBench(articles), values);
}
