import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { s3Client } from '../lambdas/adapters/s3Client';
import { siteConfigFrom } from '../lambdas/config/siteConfig';
import { loadContext } from './loadContext';
import { LOCAL_NAMES } from './local/localPorts';
import { firstSeenTimes } from './firstSeenTimes';
import { syncContent } from './local/syncContent';
import type { Output } from './output';
import { readContentTree } from './readContentTree';
import { UsageError } from './usageError';

/** Help text for `herald publish --help`. */
const PUBLISH_HELP = `Usage: herald publish [options]

Makes the content bucket a mirror of the content folder, as a deploy does:
uploads new and changed files (compared by MD5 with the objects' ETags) and
DELETES EVERY OBJECT WITHOUT A LOCAL FILE, including objects uploaded by other
means (run with --dry-run first to see them). Each change triggers the
publish pipeline. Files over maxArticleBytes or maxFileBytes are reported and
neither uploaded nor deleted. Uses the standard AWS credential chain
(environment, profile, GitHub OIDC role).

Options:
  --bucket NAME    content bucket (default: $HERALD_CONTENT_BUCKET, else ${LOCAL_NAMES.contentBucket})
  --endpoint URL   S3 endpoint, e.g. http://127.0.0.1:4569 for herald dev
  --content DIR    markdown sources (default: content)
  --dry-run        print what would change, change nothing
  --config FILE    settings file for the size limits (default: cdk.json)
  -h, --help       show this help`;

/** `herald publish`: sync content/ into the content bucket. */
export async function publishCommand(args: readonly string[], out: Output): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      bucket: { type: 'string', default: process.env.HERALD_CONTENT_BUCKET ?? LOCAL_NAMES.contentBucket },
      endpoint: { type: 'string' },
      content: { type: 'string', default: 'content' },
      'dry-run': { type: 'boolean', default: false },
      config: { type: 'string', default: 'cdk.json' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    out.info(PUBLISH_HELP);
    return 0;
  }
  if (!existsSync(values.content)) throw new UsageError(`content folder "${values.content}" does not exist`);
  if (values.endpoint && !URL.canParse(values.endpoint)) throw new UsageError(`--endpoint must be a URL, got "${values.endpoint}"`);
  const tree = readContentTree(values.content, siteConfigFrom(loadContext(values.config)));
  for (const warning of tree.warnings) out.error(`warning: ${warning.file}: ${warning.message}`);
  for (const error of tree.refused) out.error(`error: ${error.message}`);
  const result = await syncContent(s3Client(values.endpoint), values.bucket, tree, { dryRun: values['dry-run'], firstSeen: firstSeenTimes(values.content) });
  const verb = values['dry-run'] ? 'would ' : '';
  for (const key of result.uploaded) out.info(`${verb}upload ${key}`);
  for (const key of result.deleted) out.info(`${verb}delete ${key}`);
  out.info(`${values['dry-run'] ? 'Dry run: ' : ''}${result.uploaded.length} uploaded, ${result.deleted.length} deleted, ${result.unchanged} unchanged in s3://${values.bucket}.`);
  return tree.refused.length > 0 ? 1 : 0;
}
