import { parseArgs } from 'node:util';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { dynamoClient } from '../lambdas/adapters/dynamoClient';
import { DynamoCampaignStore } from '../lambdas/adapters/dynamoCampaignStore';
import { LambdaSendSwitch } from '../lambdas/adapters/lambdaSendSwitch';
import { LOCAL_NAMES } from './local/localPorts';
import type { Campaign, Delivery } from '../lambdas/newsletter/campaign';
import { SKIP_REASON_TEXT } from '../lambdas/newsletter/skipReasonFor';
import type { Output } from './output';
import { tableTarget } from './tableTarget';
import { UsageError } from './usageError';

/** Help text for `herald campaigns --help`. */
const CAMPAIGNS_HELP = `Usage: herald campaigns [list | show ID | resume] [options]

  list        every newsletter, newest first: state, counts and title
  show ID     one newsletter (ID is the article's slug, or digest/<week> for a
              weekly digest, e.g. digest/2026-W48): its report, then each
              recipient who was not sent the mail (failed, suppressed, unknown,
              waiting) and why; --all lists those sent as well
  resume      resume sending after a reputation alarm paused it (look into the
              bounces or complaints first); in AWS also give --mapping

Options:
  --all             with show: list every recipient
  --mapping ID      with resume: the send function's event source mapping
                    (stack output SendMappingId), switched back on
  --table NAME      campaigns table (default: $HERALD_CAMPAIGNS_TABLE, else ${LOCAL_NAMES.campaignsTable})
  --endpoint URL    DynamoDB endpoint (default: the local stack, on $HERALD_DYNAMODB_PORT or 4567,
                    when no table is named; AWS otherwise)`;

/** `herald campaigns …`: what each newsletter did, from the campaigns table. */
export async function campaignsCommand(args: readonly string[], out: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      all: { type: 'boolean', default: false },
      mapping: { type: 'string' },
      table: { type: 'string' },
      endpoint: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    out.info(CAMPAIGNS_HELP);
    return 0;
  }
  const { table, endpoint } = tableTarget(values, 'HERALD_CAMPAIGNS_TABLE', LOCAL_NAMES.campaignsTable);
  const store = new DynamoCampaignStore(dynamoClient(endpoint), table);
  const [action = 'list', id] = positionals;
  const pause = action === 'resume' ? undefined : await store.sendingPause();
  if (pause) out.info(`Sending is PAUSED since ${pause.since}: ${pause.reason}.\nQueued batches wait; "herald campaigns resume" restarts them.\n`);
  switch (action) {
    case 'list': {
      const campaigns = await store.list();
      if (campaigns.length === 0) {
        out.info('No newsletters yet.');
        return 0;
      }
      out.info(formatTable([['ID', 'STATE', 'STARTED', 'RECIPIENTS', 'SENT', 'FAILED', 'SUPPRESSED', 'UNKNOWN', 'TITLE'], ...campaigns.map(listRow)]));
      return 0;
    }
    case 'show': {
      if (!id) throw new UsageError('show needs a campaign ID (the article slug; see "herald campaigns list")');
      const campaign = await store.get(id);
      if (!campaign) {
        out.error(`No newsletter "${id}". "herald campaigns list" shows them all.`);
        return 1;
      }
      for (const line of report(campaign)) out.info(line);
      const rows: string[][] = [];
      for await (const delivery of store.listDeliveries(id)) {
        if (values.all || delivery.state !== 'sent') rows.push(deliveryRow(delivery));
      }
      out.info('');
      out.info(rows.length > 0 ? formatTable([['RECIPIENT', 'OUTCOME', 'ATTEMPTS', 'WHEN', 'WHY'], ...rows]) : noRowsLine(campaign, values.all));
      return 0;
    }
    case 'resume': {
      await store.resumeSending();
      if (values.mapping) await new LambdaSendSwitch(new LambdaClient({}), values.mapping).setEnabled(true);
      out.info(`Sending resumed${values.mapping ? '' : ' (without --mapping, the send function\'s queue consumer is left as it is)'}.`);
      return 0;
    }
    default:
      throw new UsageError(`unknown action "${action}"`);
  }
}

// What an empty recipient list means depends on the campaign: skipped, still starting, or all sent.
function noRowsLine(c: Campaign, all: boolean): string {
  if (c.state === 'skipped') return `Nobody was sent this newsletter: ${c.skipReason ? SKIP_REASON_TEXT[c.skipReason] : 'it was skipped'}.`;
  if (c.recipients === 0) return c.state === 'done' ? 'Nobody was sent this newsletter: there were no confirmed subscribers.' : 'No recipients yet.';
  return all ? 'No recipients.' : 'Every recipient was sent the newsletter.';
}

function report(c: Campaign): string[] {
  const lines = [`${c.title}`, `  article     ${c.url}`, `  state       ${c.state}${c.skipReason ? `: ${SKIP_REASON_TEXT[c.skipReason]}` : ''}`, `  started     ${c.startedAt}`];
  if (c.endedAt) lines.push(`  ended       ${c.endedAt} (${seconds(c)})`);
  if (c.state !== 'skipped') {
    lines.push(`  recipients  ${c.recipients} in ${c.batches} batches (${c.batchesDone} settled)`);
    lines.push(`  sent ${c.sent} · failed ${c.failed} · suppressed ${c.suppressed} · unknown ${c.unknown}`);
  }
  return lines;
}

function listRow(c: Campaign): string[] {
  return [c.id, c.state, c.startedAt.slice(0, 16).replace('T', ' '), ...[c.recipients, c.sent, c.failed, c.suppressed, c.unknown].map(String), c.title];
}

function deliveryRow(d: Delivery): string[] {
  return [d.email, d.state, String(d.attempts), d.updatedAt.slice(0, 19).replace('T', ' '), d.reason ?? ''];
}

function seconds(c: Campaign): string {
  const ms = Date.parse(c.endedAt ?? '') - Date.parse(c.startedAt);
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60_000).toFixed(1)} min`;
}

// Columns padded to their widest cell; the last one runs free.
function formatTable(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}
