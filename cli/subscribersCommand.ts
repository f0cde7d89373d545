import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { dynamoClient } from '../lambdas/adapters/dynamoClient';
import { DynamoCampaignStore } from '../lambdas/adapters/dynamoCampaignStore';
import { DynamoSubscriberStore } from '../lambdas/adapters/dynamoSubscriberStore';
import { isAwsError, StoreError } from '../lambdas/adapters/errors';
import { DEFAULT_PORTS, LOCAL_NAMES, localUrl } from './local/localPorts';
import { InvalidEmailError, InvalidPreferencesError } from '../lambdas/subscriptions/errors';
import { parseCadence, parseTags } from '../lambdas/subscriptions/parseTags';
import { normaliseEmail } from '../lambdas/subscriptions/normaliseEmail';
import { preferencesOf, type Subscriber, type SubscriberStatus } from '../lambdas/subscriptions/subscriber';
import { subscriberId } from '../lambdas/subscriptions/subscriberId';
import type { Output } from './output';
import { tableTarget } from './tableTarget';
import { UsageError } from './usageError';

/** Help text for `herald subscribers --help`. */
const SUBSCRIBERS_HELP = `Usage: herald subscribers <list|count|export|import|remove> [options]

  list [--status S]           one subscriber a line: email, status, since when it has been
                              in that status, their topics ("all" without any) and cadence
  count [--status S]          how many (per status without --status)
  export [--status S]         CSV on stdout: email,status,source,createdAt,confirmedAt,
                              unsubscribedAt,updatedAt,tags,cadence (tags comma-separated)
  import FILE [--confirmed]   add subscribers from a CSV with an "email" column and optional
                              "tags" (comma-separated topics; empty: every article) and
                              "cadence" (each or weekly; empty: each); a row
                              is imported only with consent ("consent" column yes/true/1)
                              unless --confirmed says every row consented; bad rows are
                              reported, the rest imported; known addresses are never
                              overwritten
  remove EMAIL                erase one subscriber completely, from the newsletter
                              reports too

Options:
  --table NAME      subscribers table (default: $HERALD_SUBSCRIBERS_TABLE, else ${LOCAL_NAMES.subscribersTable})
  --endpoint URL    DynamoDB endpoint (default: the local stack, ${localUrl(DEFAULT_PORTS.dynamodb)}
                    or $HERALD_DYNAMODB_PORT, when no table is named; AWS otherwise)
  --status S        pending, confirmed, unsubscribed, bounced or complained
  --campaigns-table NAME   with remove: the campaigns table whose reports name the
                    address (default: $HERALD_CAMPAIGNS_TABLE; locally ${LOCAL_NAMES.campaignsTable})`;

const STATUSES: readonly SubscriberStatus[] = ['pending', 'confirmed', 'unsubscribed', 'bounced', 'complained'];

/** `herald subscribers …`: look after the subscriber list from the command line. */
export async function subscribersCommand(args: readonly string[], out: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      table: { type: 'string' },
      endpoint: { type: 'string' },
      status: { type: 'string' },
      'campaigns-table': { type: 'string' },
      confirmed: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [action, argument] = positionals;
  if (values.help || !action) {
    out.info(SUBSCRIBERS_HELP);
    return values.help ? 0 : 2;
  }
  const status = values.status as SubscriberStatus | undefined;
  if (status && !STATUSES.includes(status)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
  const { table, endpoint } = tableTarget(values, 'HERALD_SUBSCRIBERS_TABLE', LOCAL_NAMES.subscribersTable);
  const store = new DynamoSubscriberStore(dynamoClient(endpoint), table);

  switch (action) {
    case 'list':
      for await (const s of store.list(status)) out.info(`${s.email}\t${s.status}\t${since(s)}\t${s.tags?.join(', ') || 'all'}\t${preferencesOf(s).cadence}`);
      return 0;
    case 'count': {
      const counts = new Map<string, number>();
      for await (const s of store.list(status)) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
      if (status) out.info(String(counts.get(status) ?? 0));
      else for (const name of STATUSES) out.info(`${name}\t${counts.get(name) ?? 0}`);
      return 0;
    }
    case 'export': {
      out.info(stringify([['email', 'status', 'source', 'createdAt', 'confirmedAt', 'unsubscribedAt', 'updatedAt', 'tags', 'cadence']]).trimEnd());
      for await (const s of store.list(status)) out.info(stringify([[s.email, s.status, s.source, s.createdAt, s.confirmedAt ?? '', s.unsubscribedAt ?? '', s.updatedAt, (s.tags ?? []).join(','), preferencesOf(s).cadence]]).trimEnd());
      return 0;
    }
    case 'import':
      if (!argument) throw new UsageError('import needs a CSV file');
      return importCsv(store, argument, values.confirmed, out);
    case 'remove': {
      if (!argument) throw new UsageError('remove needs an email address');
      const id = subscriberId(normaliseEmail(argument));
      const removed = await store.remove(id);
      // The reports live beside the subscribers: the local stack's table, or the one named for AWS.
      const campaignsTable = values['campaigns-table'] ?? process.env.HERALD_CAMPAIGNS_TABLE ?? (endpoint ? LOCAL_NAMES.campaignsTable : undefined);
      if (!campaignsTable) out.error('Give --campaigns-table (the CampaignsTableName output) to erase the address from the newsletter reports too.');
      const forgotten = campaignsTable ? await forgetInReports(new DynamoCampaignStore(dynamoClient(endpoint), campaignsTable), id) : 0;
      out.info(`${removed ? `removed ${argument}` : `${argument} is not a subscriber`}${forgotten ? ` and from ${forgotten} newsletter report${forgotten === 1 ? '' : 's'}` : ''}`);
      return 0;
    }
    default:
      throw new UsageError(`unknown action "${action}"`);
  }
}

// A stack without newsletters yet has no campaigns table; there is nothing to forget then.
async function forgetInReports(campaigns: DynamoCampaignStore, id: string): Promise<number> {
  try {
    return await campaigns.forgetRecipient(id);
  } catch (error) {
    if (error instanceof StoreError && isAwsError(error.cause, 'ResourceNotFoundException')) return 0;
    throw error;
  }
}

// Since when the subscriber has been in their status: a date that belongs to that status.
function since(s: Subscriber): string {
  if (s.status === 'confirmed') return s.confirmedAt ?? s.updatedAt;
  if (s.status === 'unsubscribed') return s.unsubscribedAt ?? s.updatedAt;
  if (s.status === 'pending') return s.createdAt;
  return s.updatedAt; // bounced or complained: when SES reported it
}

// A row without consent: say whether the column is missing, empty, or says no.
function noConsent(consent: string | undefined): string {
  if (consent === undefined) return 'no consent recorded (add a "consent" column, yes for each reader who agreed, or pass --confirmed)';
  if (consent === '') return 'the "consent" column is empty (yes, true or 1 imports the row)';
  return `the "consent" column says "${consent}", so this reader is not imported (yes, true or 1 imports the row)`;
}

async function importCsv(store: DynamoSubscriberStore, file: string, allConfirmed: boolean, out: Output): Promise<number> {
  let rows: Record<string, string>[];
  try {
    rows = parse(readFileSync(file), { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new UsageError(`${file} is not a CSV file with a header row: ${(error as Error).message}`, { cause: error });
  }
  let imported = 0;
  let known = 0;
  let refused = 0;
  const now = new Date().toISOString();
  for (const [index, row] of rows.entries()) {
    // Line numbers count the header, as a spreadsheet shows them.
    const line = index + 2;
    try {
      if (!allConfirmed && !/^(yes|true|1|y)$/i.test(row.consent ?? '')) throw new InvalidEmailError(noConsent(row.consent));
      const email = normaliseEmail(row.email);
      const tags = parseTags(row.tags);
      const cadence = parseCadence(row.cadence);
      const added = await store.importConfirmed({ id: subscriberId(email), email, status: 'confirmed', source: 'import', createdAt: now, updatedAt: now, ...(tags.length > 0 && { tags }), cadence });
      if (added) imported++;
      else known++;
    } catch (error) {
      if (!(error instanceof InvalidEmailError) && !(error instanceof InvalidPreferencesError)) throw error;
      refused++;
      out.error(`${file}:${line}: ${row.email ?? '(no email)'}: ${error.message}`);
    }
  }
  out.info(`${imported} imported, ${known} already known, ${refused} refused.`);
  return refused > 0 ? 1 : 0;
}
