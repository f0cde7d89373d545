import { existsSync, watch } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { s3Client } from '../lambdas/adapters/s3Client';
import { siteConfigFrom } from '../lambdas/config/siteConfig';
import { describeBatch } from './local/describeBatch';
import { DEFAULT_PORTS, LOCAL_NAMES, parsePort } from './local/localPorts';
import { startLocalStack } from './local/startLocalStack';
import { firstSeenTimes } from './firstSeenTimes';
import { syncContent } from './local/syncContent';
import { loadContext } from './loadContext';
import type { Output } from './output';
import { readContentTree } from './readContentTree';
import { UsageError } from './usageError';

/** Under the state folder: the keys the content/ sync put into the content bucket, and their ETags. */
const SYNC_MANIFEST = 'content-sync.json';

/** Help text for `herald dev --help`. */
const DEV_HELP = `Usage: herald dev [options]

Runs the whole pipeline locally: S3 (s3rver), DynamoDB (dynalite) and SES
(aws-ses-v2-local) emulators, the publish and rebuild handlers fed by S3
event notifications, the newsletter's notify and send handlers (new articles
are mailed to confirmed subscribers, into the emulator's mailbox), and the
site with its API. content/ is synced into the content bucket at start and on
every change: the sync adds and changes the keys content/ has, and deletes
only keys it put there itself whose file is gone, so objects uploaded with
any other S3 client stay. State (buckets, tables, queued work and the
mailbox) persists in .herald/, which one "herald dev" uses at a time; at
start the content bucket is reconciled with the articles table, so a killed
stack finishes what it was doing.

Options (or environment variables):
  --content DIR      markdown sources (default: content)
  --state DIR        emulator state (default: .herald)
  --port N           site and API (HERALD_PORT, default ${DEFAULT_PORTS.site})
  --s3-port N        S3 emulator (HERALD_S3_PORT, default ${DEFAULT_PORTS.s3})
  --dynamodb-port N  DynamoDB emulator (HERALD_DYNAMODB_PORT, default ${DEFAULT_PORTS.dynamodb})
  --ses-port N       SES emulator and mailbox (HERALD_SES_PORT, default ${DEFAULT_PORTS.ses})
  --ses-url URL      an SES endpoint already running, instead of starting the emulator
  --schedule-seconds N  seconds between schedule ticks (default 30)
  --no-watch         sync once at start, do not watch content/
  --config FILE      settings file (default: cdk.json)
  -h, --help         show this help`;

/**
 * `herald dev`: starts the local stack and keeps content/ synced into it
 * until Ctrl-C. Returns the exit code.
 */
export async function devCommand(args: readonly string[], out: Output): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      content: { type: 'string', default: 'content' },
      state: { type: 'string', default: '.herald' },
      port: { type: 'string', default: process.env.HERALD_PORT ?? String(DEFAULT_PORTS.site) },
      's3-port': { type: 'string', default: process.env.HERALD_S3_PORT ?? String(DEFAULT_PORTS.s3) },
      'dynamodb-port': { type: 'string', default: process.env.HERALD_DYNAMODB_PORT ?? String(DEFAULT_PORTS.dynamodb) },
      'ses-port': { type: 'string', default: process.env.HERALD_SES_PORT ?? String(DEFAULT_PORTS.ses) },
      'ses-url': { type: 'string' },
      'schedule-seconds': { type: 'string', default: '30' },
      'no-watch': { type: 'boolean', default: false },
      config: { type: 'string', default: 'cdk.json' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    out.info(DEV_HELP);
    return 0;
  }
  if (!existsSync(values.content)) throw new UsageError(`content folder "${values.content}" does not exist`);
  const ports = { site: parsePort(values.port, '--port'), s3: parsePort(values['s3-port'], '--s3-port'), dynamodb: parsePort(values['dynamodb-port'], '--dynamodb-port'), ses: parsePort(values['ses-port'], '--ses-port') };
  if (values['ses-url'] !== undefined && !URL.canParse(values['ses-url'])) throw new UsageError(`--ses-url must be a URL, got "${values['ses-url']}"`);
  const context = loadContext(values.config);
  const site = siteConfigFrom(context); // fails on bad settings before anything starts

  // What the rebuild changed during the batch in hand, named on its line.
  let changes: string[] = [];
  const stack = await startLocalStack({
    ports,
    stateDir: values.state,
    siteContext: context,
    ...(values['ses-url'] !== undefined && { sesUrl: values['ses-url'].replace(/\/$/, '') }),
    onPublish: (change) => changes.push(`${change.kind} ${change.key}`),
    onBatch: (batch) => {
      const line = describeBatch(batch, batch.queue === 'rebuild' ? changes : []);
      if (batch.queue === 'rebuild') changes = [];
      if (line) out.info(`${time()} ${line}`);
    },
  });
  const s3 = s3Client(stack.urls.s3);
  // A skipped symlink or an oversized file is named once, not again on every save.
  const told = new Set<string>();
  const tell = (line: string) => {
    if (!told.has(line)) out.error(`${time()} ${line}`);
    told.add(line);
  };
  const sync = async () => {
    const tree = readContentTree(values.content, site);
    for (const warning of tree.warnings) tell(`warning: ${warning.file}: ${warning.message}`);
    for (const error of tree.refused) tell(`not uploaded: ${error.message}`);
    const result = await syncContent(s3, LOCAL_NAMES.contentBucket, tree, { manifest: join(values.state, SYNC_MANIFEST), firstSeen: firstSeenTimes(values.content) });
    for (const key of result.uploaded) out.info(`${time()} uploaded ${key}`);
    for (const key of result.deleted) out.info(`${time()} deleted ${key}`);
  };
  await sync();
  await stack.idle();
  out.info([
    '',
    `Herald is running.`,
    `  site      ${stack.urls.site}`,
    `  feeds     ${stack.urls.site}feed.xml  ${stack.urls.site}atom.xml  ${stack.urls.site}feed.json`,
    `  API       ${stack.urls.site}api/health`,
    `  mailbox   ${stack.urls.ses}/`,
    `  S3        ${stack.urls.s3}  (buckets ${LOCAL_NAMES.contentBucket}, ${LOCAL_NAMES.siteBucket})`,
    `  DynamoDB  ${stack.urls.dynamodb}  (herald subscribers …, herald campaigns …)`,
    `Edit files in ${values.content}/ or upload with any S3 client:`,
    `  aws s3 cp post.md s3://${LOCAL_NAMES.contentBucket}/posts/post.md --endpoint-url ${stack.urls.s3}`,
    'Ctrl-C stops everything.',
    '',
  ].join('\n'));

  const ticker = setInterval(() => stack.tick(), Number(values['schedule-seconds']) * 1000);
  let pending: NodeJS.Timeout | undefined;
  const watcher = values['no-watch'] ? undefined : watch(values.content, { recursive: true }, () => {
    // Editors write files in bursts; one sync after the burst is enough.
    clearTimeout(pending);
    pending = setTimeout(() => sync().catch((error: unknown) => out.error(`sync failed: ${(error as Error).message}`)), 150);
  });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  out.info('\nStopping…');
  clearInterval(ticker);
  clearTimeout(pending);
  watcher?.close();
  await stack.stop();
  out.info('Stopped.');
  return 0;
}

function time(): string {
  return new Date().toISOString().slice(11, 19);
}
