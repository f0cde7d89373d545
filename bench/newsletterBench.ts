import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MiddlewareStack } from '@smithy/types';
import { dynamoClient } from '../lambdas/adapters/dynamoClient';
import { s3Client } from '../lambdas/adapters/s3Client';
import { sesClient } from '../lambdas/adapters/sesClient';
import { DynamoBatchReader } from '../lambdas/adapters/dynamoBatchReader';
import { DynamoCampaignStore } from '../lambdas/adapters/dynamoCampaignStore';
import { DynamoSubscriberStore } from '../lambdas/adapters/dynamoSubscriberStore';
import { S3EntryStore } from '../lambdas/adapters/s3EntryStore';
import { SesBulkMailer } from '../lambdas/adapters/sesBulkMailer';
import { newsletterConfigFrom } from '../lambdas/config/newsletterConfig';
import { siteConfigFrom } from '../lambdas/config/siteConfig';
import { localUrl } from '../cli/local/localPorts';
import { ensureBucket, ensureCampaignsTable, ensureSubscribersTable } from '../cli/local/provisionLocal';
import type { DeliveryBatch } from '../lambdas/newsletter/campaign';
import { Notifier } from '../lambdas/newsletter/notifier';
import { Sender } from '../lambdas/newsletter/sender';
import { storedArticleOf } from '../lambdas/publish/storedArticle';
import { renderArticle } from '../lambdas/site/renderArticle';
import { SendPacer } from '../lambdas/newsletter/sendPacer';
import { subscriberId } from '../lambdas/subscriptions/subscriberId';
import { preferencesLink, unsubscribeLink } from '../lambdas/subscriptions/unsubscribeLink';
import { countCommands } from './countCommands';
import { cpuShares } from './cpuShares';
import { startRemoteServices, type RemoteServices } from './remoteServices';
import type { Figures } from './report';

const PORT = 15_570;
// Batches in flight at once. In AWS each is an invocation of its own; here eight keep both this process and the
// services' busy (with four, each waits on the other about a sixth of the time).
const CONCURRENCY = 8;

// Public on-demand prices in us-east-1 (USD), as listed on the AWS pricing pages in 2026.
const PRICE = {
  sesPerMessage: 0.10 / 1000,
  dynamoPerWriteUnit: 0.625 / 1e6,
  dynamoPerReadUnit: 0.125 / 1e6,
  sqsPerRequest: 0.40 / 1e6,
  lambdaPerArmGbSecond: 0.0000133334,
  lambdaPerRequest: 0.20 / 1e6,
};
const SEND_MEMORY_GB = 0.5;

/** Read and write capacity units DynamoDB reports for every call through a client. */
interface CapacityMeter {
  read: number;
  write: number;
  reset(): void;
}

/**
 * Fans one article out to `subscribers` confirmed subscribers in dynalite and
 * sends every batch to a stand-in for SES, `CONCURRENCY` at a time. dynalite
 * and the stand-in run in a process of their own, as the services they stand
 * for run outside the Lambda function; CPU is counted in both processes.
 * Measures throughput, CPU, calls and DynamoDB capacity, and prices 1,000 recipients.
 * With `profile`, the send phase runs under the CPU profiler and the figures
 * say whose code its CPU time went to.
 */
export async function newsletterBench(subscribers: number, options: { profile?: boolean } = {}): Promise<Figures> {
  const services = await startRemoteServices({ s3: PORT, dynamodb: PORT + 1, ses: PORT + 2 });
  try {
    const s3 = s3Client(localUrl(PORT));
    const db = dynamoClient(localUrl(PORT + 1));
    // Sending goes to a stand-in that only answers, so the figure is Herald's path (and dynalite's), not the SES emulator's.
    const ses = sesClient(services.sesEndpoint, { maxAttempts: 1 });
    const names = { entries: 'bench-nl-entries', subscribers: 'bench-nl-subscribers', campaigns: 'bench-nl-campaigns' };
    await ensureBucket(s3, names.entries);
    await ensureSubscribersTable(db as never, names.subscribers);
    await ensureCampaignsTable(db as never, names.campaigns);
    await seedSubscribers(db, names.subscribers, subscribers);
    const now = new Date();
    const site = siteConfigFrom({ siteTitle: 'Bench', siteUrl: 'https://bench.example.com/' });
    // The article as the publish function stores it, which the notify function reads.
    const markdown = `---\ntitle: Benchmark Dispatch\ndate: ${now.toISOString()}\n---\n${'A paragraph of about forty words, as a newsletter carries, with a [link](https://example.com/) and **some emphasis** so the renderer has work. '.repeat(20)}\n`;
    const { article, page } = renderArticle({ key: 'posts/bench.md', bytes: Buffer.from(markdown) }, { site, firstSeen: () => ({ date: now, source: 'first-seen time' }) });
    const entries = new S3EntryStore(s3, names.entries);
    await entries.put('entries/bench', storedArticleOf(article, site), page);
    const campaigns = new DynamoCampaignStore(db, names.campaigns);
    const directory = new DynamoSubscriberStore(db, names.subscribers);
    const queued: DeliveryBatch[] = [];
    const calls = countCommands([db, ses]);
    const capacity = meterCapacity(db);

    // Fan-out
    calls.reset();
    capacity.reset();
    let cpu = await cpuSince(services);
    let started = performance.now();
    const notifier = new Notifier({
      site,
      newsletter: newsletterConfigFrom({ senderAddress: 'news@bench.example.com' }, site),
      articles: entries,
      campaigns,
      subscribers: directory,
      queue: { enqueue: async (batches) => void queued.push(...batches) },
    });
    const campaign = await notifier.handle({ slug: 'bench', key: 'posts/bench.md', url: `${site.url}posts/bench/`, firstPublishedAt: now.toISOString(), entry: 'entries/bench' });
    const fanOutMs = performance.now() - started;
    const fanOutCpu = (await cpu()).total;
    const fanOut = { calls: calls.total(), read: capacity.read, write: capacity.write };
    if (campaign.recipients !== subscribers) throw new Error(`fan-out queued ${campaign.recipients} of ${subscribers} subscribers`);

    // Sending
    calls.reset();
    capacity.reset();
    cpu = await cpuSince(services);
    started = performance.now();
    const sender = new Sender({
      campaigns,
      batches: new DynamoBatchReader(db, { campaigns: names.campaigns, subscribers: names.subscribers }),
      mailer: new SesBulkMailer(ses, { from: '"Bench" <news@bench.example.com>' }),
      pacer: new SendPacer(Number.MAX_SAFE_INTEGER),
      unsubscribeUrl: (id) => unsubscribeLink(site.url, 'bench-secret', id, now),
      preferencesUrl: (id) => preferencesLink(site.url, 'bench-secret', id, now),
      log: { sent: () => undefined, failed: () => undefined, throttled: () => undefined, completed: () => undefined },
      leaseMs: 240_000,
    });
    let handlerMs = 0;
    let next = 0;
    const worker = async () => {
      while (next < queued.length) {
        const batch = queued[next++]!;
        const t = performance.now();
        const outcome = await sender.handle(batch);
        handlerMs += performance.now() - t;
        if (!outcome.settled) throw new Error(`batch ${batch.batch} not settled: ${outcome.reason}`);
      }
    };
    const send = () => Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const shares = options.profile ? (await cpuShares(send)).shares : (await send(), {});
    const sendMs = performance.now() - started;
    const sendCpu = await cpu();
    const done = await campaigns.get('bench');
    if (done?.state !== 'done' || done.sent !== subscribers) throw new Error(`campaign ended ${done?.state} with ${done?.sent} sent`);
    const { sesRecipients } = await services.usage();
    if (sesRecipients !== subscribers) throw new Error(`SES was given ${sesRecipients} recipients for ${subscribers} subscribers`);
    const sesCalls = calls.counts.get('SendBulkEmailCommand') ?? 0;

    const per1000 = 1000 / subscribers;
    const dynamoCost = ((fanOut.write + capacity.write) * PRICE.dynamoPerWriteUnit + (fanOut.read + capacity.read) * PRICE.dynamoPerReadUnit) * per1000;
    // Each batch: a tenth of a SendMessageBatch, then a receive and a delete by the event source.
    const sqsCost = queued.length * 2.1 * PRICE.sqsPerRequest * per1000;
    const lambdaCost = ((handlerMs / 1000) * SEND_MEMORY_GB * PRICE.lambdaPerArmGbSecond + queued.length * PRICE.lambdaPerRequest) * per1000;
    const sesCost = 1000 * PRICE.sesPerMessage;
    return {
      subscribers,
      'fan-out s': round(fanOutMs / 1000, 2),
      'fan-out recipients/s': Math.round(subscribers / (fanOutMs / 1000)),
      'fan-out CPU ms per 1,000 recipients': round(fanOutCpu * per1000, 1),
      'fan-out DynamoDB calls': fanOut.calls,
      batches: queued.length,
      'send s': round(sendMs / 1000, 2),
      'send recipients/s (target ≥ 5,000)': Math.round(subscribers / (sendMs / 1000)),
      'send CPU ms per recipient (target ≤ 1)': round(sendCpu.total / subscribers, 3),
      'send CPU ms per recipient: Herald\'s process': round(sendCpu.herald / subscribers, 3),
      'send CPU ms per recipient: dynalite and SES stand-in': round(sendCpu.services / subscribers, 3),
      'SES calls': sesCalls,
      'DynamoDB calls per recipient': round((calls.total() - sesCalls) / subscribers, 2),
      'DynamoDB WCU per recipient': round((fanOut.write + capacity.write) / subscribers, 2),
      'DynamoDB RCU per recipient': round((fanOut.read + capacity.read) / subscribers, 2),
      'cost per 1,000: SES $': round(sesCost, 4),
      'cost per 1,000: DynamoDB $': round(dynamoCost, 5),
      'cost per 1,000: SQS $': round(sqsCost, 6),
      'cost per 1,000: Lambda $': round(lambdaCost, 6),
      'cost per 1,000: total $': round(sesCost + dynamoCost + sqsCost + lambdaCost, 4),
      ...Object.fromEntries(Object.entries(shares).map(([owner, share]) => [`send CPU %: ${owner}`, share])),
    };
  } finally {
    await services.stop();
  }
}

async function seedSubscribers(db: DynamoDBDocumentClient, table: string, count: number): Promise<void> {
  const at = '2026-01-01T00:00:00.000Z';
  const items = Array.from({ length: count }, (_, i) => {
    const email = `reader${i}@bench.example.com`;
    const id = subscriberId(email);
    return { pk: `sub#${id}`, id, email, status: 'confirmed', source: 'import', createdAt: at, updatedAt: at, confirmedAt: at, listed: 'confirmed' };
  });
  let next = 0;
  const writer = async () => {
    while (next < items.length) {
      const chunk = items.slice(next, next + 25);
      next += 25;
      await db.send(new BatchWriteCommand({ RequestItems: { [table]: chunk.map((Item) => ({ PutRequest: { Item } })) } }));
    }
  };
  await Promise.all(Array.from({ length: 8 }, writer));
}

// Asks DynamoDB (here dynalite) for the capacity each call consumed, and adds it up.
function meterCapacity(client: DynamoDBDocumentClient): CapacityMeter {
  const meter = { read: 0, write: 0, reset: () => { meter.read = 0; meter.write = 0; } };
  (client.middlewareStack as MiddlewareStack<object, object>).add((next, context) => async (args) => {
    (args as { input: Record<string, unknown> }).input.ReturnConsumedCapacity = 'TOTAL';
    const result = await next(args);
    const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
    const units = [consumed ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
    if (/Get|Query|Scan/.test(context.commandName ?? '')) meter.read += units;
    else meter.write += units;
    return result;
  }, { step: 'initialize', name: 'heraldCapacityMeter' });
  return meter;
}

// Starts counting CPU in this process and the services process; the returned function says how much each used since.
async function cpuSince(services: RemoteServices): Promise<() => Promise<{ herald: number; services: number; total: number }>> {
  const own = process.cpuUsage();
  const theirs = (await services.usage()).cpuMs;
  return async () => {
    const used = process.cpuUsage(own);
    const herald = (used.user + used.system) / 1000;
    const other = (await services.usage()).cpuMs - theirs;
    return { herald, services: other, total: herald + other };
  };
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
