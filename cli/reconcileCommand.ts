import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { dynamoClient } from '../lambdas/adapters/dynamoClient';
import { s3Client } from '../lambdas/adapters/s3Client';
import { sqsClient } from '../lambdas/adapters/sqsClient';
import { DynamoArticleState } from '../lambdas/adapters/dynamoArticleState';
import { S3ContentSource } from '../lambdas/adapters/s3ContentSource';
import { SqsEventQueue } from '../lambdas/adapters/sqsEventQueue';
import { heraldMessage } from '../lambdas/publish/contentEvent';
import { findDrift, type Drift, type DriftKind } from '../lambdas/publish/findDrift';
import { dropMessage, localQueueDirectory } from './local/eventRouter';
import { DEFAULT_PORTS, LOCAL_NAMES, localUrl } from './local/localPorts';
import type { Output } from './output';
import { UsageError } from './usageError';

/** Help text for `herald reconcile --help`. */
const RECONCILE_HELP = `Usage: herald reconcile [--dry-run] [--rerender] [options]

Compares the content bucket with the articles table and has the publish
function re-drive whatever differs: files whose events were lost (new,
changed or deleted), changes the site was never rebuilt for, and first
publications not yet announced. The schedule does the same every
reconcileHours in AWS, and herald dev does it at start-up.

  --dry-run          list the drift and change nothing
  --rerender         also re-render every page (the tick re-renders by itself
                     after a deploy that changes settings or templates)

Locally, with herald dev running, no other option is needed: the request goes
to its queue in --state (default .herald). In AWS, from the stack outputs:
  --bucket NAME      content bucket (ContentBucketName; $HERALD_CONTENT_BUCKET)
  --table NAME       articles table (ArticlesTableName; $HERALD_ARTICLES_TABLE)
  --queue-url URL    events queue (EventsQueueUrl; $HERALD_EVENTS_QUEUE_URL);
                     not needed for --dry-run
  --state DIR        local state folder (default: .herald)
  --s3-endpoint URL, --dynamodb-endpoint URL
                     emulators to read for --dry-run (default: the local
                     stack's, on HERALD_S3_PORT and HERALD_DYNAMODB_PORT or the
                     default ports, unless --bucket and --table name AWS's)
  -h, --help         show this help`;

const WHAT: Readonly<Record<DriftKind, string>> = {
  new: 'in the bucket, never published (its event was lost)',
  changed: 'changed in the bucket since it was published',
  gone: 'deleted from the bucket, still on the site',
  unapplied: 'recorded, but the site not rebuilt for it (yet)',
  stale: 'rendered by older templates or settings',
};

/**
 * `herald reconcile`: lists the drift between the content bucket and the
 * articles table, or queues a reconcile for the publish function to act on.
 */
export async function reconcileCommand(args: readonly string[], out: Output): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      'dry-run': { type: 'boolean', default: false },
      rerender: { type: 'boolean', default: false },
      bucket: { type: 'string', default: process.env.HERALD_CONTENT_BUCKET },
      table: { type: 'string', default: process.env.HERALD_ARTICLES_TABLE },
      'queue-url': { type: 'string', default: process.env.HERALD_EVENTS_QUEUE_URL },
      state: { type: 'string', default: '.herald' },
      's3-endpoint': { type: 'string' },
      'dynamodb-endpoint': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    out.info(RECONCILE_HELP);
    return 0;
  }
  const inAws = values.bucket !== undefined || values.table !== undefined || values['queue-url'] !== undefined;
  if (values['dry-run']) {
    if (inAws && (!values.bucket || !values.table)) throw new UsageError('--dry-run in AWS needs both --bucket and --table');
    const local = (port: string | undefined, fallback: number) => (inAws ? undefined : localUrl(Number(port ?? fallback)));
    return listDrift(out, {
      bucket: values.bucket ?? LOCAL_NAMES.contentBucket,
      table: values.table ?? LOCAL_NAMES.articlesTable,
      s3: values['s3-endpoint'] ?? local(process.env.HERALD_S3_PORT, DEFAULT_PORTS.s3),
      dynamodb: values['dynamodb-endpoint'] ?? local(process.env.HERALD_DYNAMODB_PORT, DEFAULT_PORTS.dynamodb),
    });
  }
  const bodies = [heraldMessage({ source: 'herald.reconcile' }), ...(values.rerender ? [heraldMessage({ source: 'herald.rerender', all: true })] : [])];
  if (inAws) {
    if (!values['queue-url'] || !URL.canParse(values['queue-url'])) throw new UsageError('--queue-url must be the events queue URL (stack output EventsQueueUrl)');
    await new SqsEventQueue(sqsClient(), values['queue-url']).send(bodies);
    out.info(`Queued on ${values['queue-url']}: the publish function reconciles${values.rerender ? ' and re-renders every page' : ''}; its log says what it re-drove.`);
    return 0;
  }
  if (!existsSync(values.state)) throw new UsageError(`no local state in "${values.state}": start the local stack with "npm start" first, or give --queue-url for AWS`);
  for (const body of bodies) dropMessage(localQueueDirectory(values.state, 'content'), body);
  out.info(`Queued for herald dev (now if it is running, else at its next start)${values.rerender ? ', with a re-render of every page' : ''}.`);
  return 0;
}

// Reads only: the bucket listing and the table's `sources` index, page by page.
async function listDrift(out: Output, target: { bucket: string; table: string; s3?: string; dynamodb?: string }): Promise<number> {
  const content = new S3ContentSource(s3Client(target.s3), target.bucket);
  const state = new DynamoArticleState(dynamoClient(target.dynamodb), target.table);
  // Stale means older than the version the last re-render brought every page to.
  const renderVersion = (await state.renderState()).version;
  const drift: Drift[] = [];
  let after: string | undefined;
  do {
    const page = await findDrift(content, state, after, { pageSize: 1000, ...(renderVersion !== undefined && { renderVersion }) });
    drift.push(...page.drift);
    after = page.next;
  } while (after !== undefined);
  const pending = await state.pendingAnnouncements();
  for (const d of drift) out.info(`${d.kind.padEnd(9)} ${d.key}  ${WHAT[d.kind]}`);
  for (const a of pending) out.info(`${'announce'.padEnd(9)} ${a.key}  first published ${a.firstPublishedAt} as "${a.slug}", not yet handed to the newsletter`);
  out.info(drift.length + pending.length === 0
    ? 'No drift: the site matches the content bucket.'
    : `${drift.length + pending.length} difference(s). Run "herald reconcile" without --dry-run to re-drive them.`);
  return 0;
}
