import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { sqsClient } from '../lambdas/adapters/sqsClient';
import { describeDigestSchedule, newsletterConfigFrom } from '../lambdas/config/newsletterConfig';
import { siteConfigFrom } from '../lambdas/config/siteConfig';
import { digestRequestBody } from '../lambdas/newsletter/digestRequest';
import { digestId, digestSlot } from '../lambdas/newsletter/digestSlot';
import { dropMessage, localQueueDirectory } from './local/eventRouter';
import { loadContext } from './loadContext';
import type { Output } from './output';
import { UsageError } from './usageError';

/** Help text for `herald digest --help`. */
const DIGEST_HELP = `Usage: herald digest [--now] [options]

Without --now, says when the next weekly digest goes out (digestDay,
digestHour and timeZone in cdk.json) and which campaign it will be.

  --now              send the coming week's digest now, as the schedule would
                     at its time: it lists the articles published since the
                     last digest, to every weekly reader, once (the schedule
                     then finds it sent and sends nothing that week)

Locally, with herald dev running, no other option is needed: the request goes
to its announcements queue in --state (default .herald). In AWS:
  --queue-url URL    announcements queue (AnnouncementsQueueUrl;
                     $HERALD_ANNOUNCEMENTS_QUEUE_URL)
  --state DIR        local state folder (default: .herald)
  -h, --help         show this help

"herald campaigns show digest/<week>" reports what it did.`;

/** `herald digest`: when the next weekly digest goes out, or send it now. */
export async function digestCommand(args: readonly string[], out: Output): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      now: { type: 'boolean', default: false },
      'queue-url': { type: 'string', default: process.env.HERALD_ANNOUNCEMENTS_QUEUE_URL },
      state: { type: 'string', default: '.herald' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    out.info(DIGEST_HELP);
    return 0;
  }
  const context = loadContext();
  const schedule = newsletterConfigFrom(context, siteConfigFrom(context)).digest;
  const now = new Date();
  const slot = digestSlot(now, schedule);
  if (!values.now) {
    out.info(`The next weekly digest, ${digestId(slot.week)}, goes out ${slot.at.toISOString()} (${describeDigestSchedule(schedule)}). "herald digest --now" sends it now.`);
    return 0;
  }
  const body = digestRequestBody(now);
  if (values['queue-url']) {
    if (!URL.canParse(values['queue-url'])) throw new UsageError('--queue-url must be the announcements queue URL (stack output AnnouncementsQueueUrl)');
    await sqsClient().send(new SendMessageCommand({ QueueUrl: values['queue-url'], MessageBody: body }));
    out.info(`Queued on ${values['queue-url']}: the notify function sends ${digestId(slot.week)}; "herald campaigns show ${digestId(slot.week)} --table …" reports it.`);
    return 0;
  }
  if (!existsSync(values.state)) throw new UsageError(`no local state in "${values.state}": start the local stack with "npm start" first, or give --queue-url for AWS`);
  dropMessage(localQueueDirectory(values.state, 'announcements'), body);
  out.info(`Queued for herald dev (now if it is running, else at its next start): ${digestId(slot.week)}, to every weekly reader; see it in the mailbox, and "herald campaigns show ${digestId(slot.week)}".`);
  return 0;
}
