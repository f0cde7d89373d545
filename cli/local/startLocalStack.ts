import type { Server } from 'node:http';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { dynamoClient } from '../../lambdas/adapters/dynamoClient';
import { s3Client } from '../../lambdas/adapters/s3Client';
import { NEWSLETTER_CONTEXT_KEYS } from '../../lambdas/config/newsletterConfig';
import type { SiteContext } from '../../lambdas/config/siteConfig';
import { createNotifyHandler } from '../../lambdas/functions/notify/createNotifyHandler';
import { toAnnouncementMessage } from '../../lambdas/publish/announcementMessage';
import { digestRequestBody } from '../../lambdas/newsletter/digestRequest';
import { heraldMessage } from '../../lambdas/publish/contentEvent';
import { parseRebuildRequest, rebuildRequestBody, rebuildRequestId } from '../../lambdas/publish/rebuildRequest';
import type { DeliveryQueue } from '../../lambdas/newsletter/ports';
import { createPublishHandler } from '../../lambdas/functions/publish/createPublishHandler';
import { createRebuildHandler } from '../../lambdas/functions/rebuild/createRebuildHandler';
import { createApiHandler } from '../../lambdas/functions/api/createApiHandler';
import { createInviteHandler } from '../../lambdas/functions/invite/createInviteHandler';
import { createSendHandler } from '../../lambdas/functions/send/createSendHandler';
import { createWebsubHandler } from '../../lambdas/functions/websub/createWebsubHandler';
import type { HubPingQueue } from '../../lambdas/websub/ports';
import { EventRouter, localQueueDirectory, type RoutedBatch, type RouterOptions } from './eventRouter';
import { DEFAULT_PORTS, LOCAL_NAMES, localUrl, type LocalPorts } from './localPorts';
import { ensureArticlesTable, ensureBucket, ensureCampaignsTable, ensureSubscribersTable } from './provisionLocal';
import { localApi } from './localApi';
import { localTokenSecret } from './localTokenSecret';
import { startSiteServer } from './siteServer';
import { lockStateDir } from './lockStateDir';
import { persistMailbox } from './persistMailbox';
import { startEmulators, type Emulators } from './startEmulators';

/** Options of {@link startLocalStack}. */
export interface LocalStackOptions {
  readonly ports?: Partial<LocalPorts>;
  /** Folder for persistent state (`.herald`); in memory when omitted. */
  readonly stateDir?: string;
  /** The site keys of cdk.json context. */
  readonly siteContext: SiteContext;
  /** Called after each batch a handler (publish, rebuild, notify, send or invite) handled. */
  readonly onBatch?: (batch: RoutedBatch) => void;
  /** Called for each article the rebuild handler put on the site or took off it. */
  readonly onPublish?: (change: { readonly kind: 'published' | 'removed'; readonly key: string; readonly slug: string }) => void;
  /** An SES endpoint already running (a mailbox that outlives the process); the emulator is started otherwise. */
  readonly sesUrl?: string;
  /**
   * Compare the content bucket with the articles table at start and re-drive
   * what differs, as the schedule does in AWS: what a killed stack left behind.
   * @default true
   */
  readonly reconcile?: boolean;
}

/** A running local Herald. */
export interface LocalStack {
  readonly ports: LocalPorts;
  readonly urls: { readonly site: string; readonly s3: string; readonly dynamodb: string; readonly ses: string };
  /** Sends the schedule's tick, as EventBridge does in AWS. */
  tick(): void;
  /** Asks for the weekly digest now, as its schedule does in AWS (and `herald digest --now`). */
  digest(): void;
  /** Resolves when every event so far has been handled. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Seconds a deleted file keeps its slug locally, where a move's two events arrive in order anyway. */
const LOCAL_DELETE_GRACE_SECONDS = 2;
/** How long stop() waits for the queues to drain before it stops anyway. */
const STOP_WAIT_MS = 10_000;

/**
 * Runs the whole pipeline on this machine: the emulators, the buckets and
 * tables the CDK stack would create, and the real publish, rebuild, notify
 * and send handlers, fed by in-process queues where AWS has SQS (s3rver's
 * event notifications → publish → rebuild (FIFO) → announcements → notify →
 * deliveries → send), behind a site server that plays CloudFront. With a
 * state folder the queues keep their messages on disk, and a reconcile at
 * start re-drives whatever a killed stack left half done.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  const urls = { site: `${localUrl(ports.site)}/`, s3: localUrl(ports.s3), dynamodb: localUrl(ports.dynamodb), ses: options.sesUrl ?? localUrl(ports.ses) };
  const unlock = options.stateDir ? lockStateDir(options.stateDir) : () => undefined;
  let emulators: Emulators;
  try {
    emulators = await startEmulators(ports, options.stateDir && join(options.stateDir), { ses: options.sesUrl === undefined });
  } catch (error) {
    unlock();
    throw error;
  }
  const mailbox = options.stateDir ? persistMailbox(join(options.stateDir, 'mailbox.json')) : undefined;
  let server: Server | undefined;
  try {
    const s3 = s3Client(urls.s3);
    await ensureBucket(s3, LOCAL_NAMES.contentBucket);
    await ensureBucket(s3, LOCAL_NAMES.siteBucket);
    await ensureBucket(s3, LOCAL_NAMES.entriesBucket);
    const db = dynamoClient(urls.dynamodb);
    await ensureArticlesTable(db, LOCAL_NAMES.articlesTable);
    await ensureSubscribersTable(db, LOCAL_NAMES.subscribersTable);
    await ensureCampaignsTable(db, LOCAL_NAMES.campaignsTable);

    // CloudWatch metrics (EMF lines on stdout) mean nothing locally; Powertools reads this switch from process.env.
    process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
    const tokenSecret = localTokenSecret(options.stateDir);
    const onBatch = options.onBatch ?? (() => undefined);
    const onPublish = options.onPublish ?? (() => undefined);
    const queue = (name: string, extra: RouterOptions = {}): RouterOptions => ({ ...extra, ...(options.stateDir && { directory: localQueueDirectory(options.stateDir, name) }) });
    // The handlers the Lambdas run, configured as the CDK stack configures them, pointed at the emulators.
    const common = {
      SITE_URL: urls.site,
      SITE_CONTEXT: JSON.stringify(options.siteContext),
      NEWSLETTER_CONTEXT: JSON.stringify(Object.fromEntries(NEWSLETTER_CONTEXT_KEYS.map((k) => [k, options.siteContext[k]]))),
      HERALD_S3_ENDPOINT: urls.s3,
      HERALD_DYNAMODB_ENDPOINT: urls.dynamodb,
      HERALD_SES_ENDPOINT: urls.ses,
      // The dev server prints a line per batch; the handlers' JSON logs show only what needs attention.
      POWERTOOLS_LOG_LEVEL: process.env.HERALD_LOG_LEVEL ?? 'WARN',
    };
    // The local send queue, delays and all (a batch waiting for a daily quota, which the SES emulator has only when
    // AWS_SES_ACCOUNT gives it one).
    const deliveryQueue: DeliveryQueue = {
      enqueue: async (batches, { delaySeconds } = {}) => batches.forEach((b) => deliveries.send(JSON.stringify(b), delaySeconds)),
    };
    const deliveries: EventRouter = new EventRouter('deliveries', createSendHandler({
      ...common,
      CAMPAIGNS_TABLE: LOCAL_NAMES.campaignsTable,
      SUBSCRIBERS_TABLE: LOCAL_NAMES.subscribersTable,
      TOKEN_SECRET: tokenSecret,
      // The SES emulator has no quota; a modest rate keeps a local send realistic without slowing it down.
      SEND_RATE: '200',
      SEND_CONCURRENCY: '1',
    }, { queue: deliveryQueue }), onBatch, queue('deliveries'));
    const announcements = new EventRouter('announcements', createNotifyHandler({
      ...common,
      ENTRIES_BUCKET: LOCAL_NAMES.entriesBucket,
      CAMPAIGNS_TABLE: LOCAL_NAMES.campaignsTable,
      SUBSCRIBERS_TABLE: LOCAL_NAMES.subscribersTable,
      SEND_QUEUE_URL: 'local:deliveries',
    }, { queue: deliveryQueue }), onBatch, queue('announcements'));
    // WebSub pings, when the site names a hub: their own queue, as in AWS, so a slow or failing hub holds up nothing.
    const hubPingQueue: HubPingQueue = { enqueue: async (ping, delaySeconds) => websub?.send(JSON.stringify(ping), delaySeconds) };
    const websub: EventRouter | undefined = options.siteContext.websubHub
      ? new EventRouter('websub', createWebsubHandler(common, { queue: hubPingQueue }), onBatch, queue('websub'))
      : undefined;
    const buckets = { CONTENT_BUCKET: LOCAL_NAMES.contentBucket, SITE_BUCKET: LOCAL_NAMES.siteBucket, ENTRIES_BUCKET: LOCAL_NAMES.entriesBucket, TABLE_NAME: LOCAL_NAMES.articlesTable };
    const rebuild = new EventRouter('rebuild', createRebuildHandler({ ...common, ...buckets }, {
      announcer: { announce: async (event) => announcements.send(toAnnouncementMessage(event)) },
      ...(websub && { hubPings: hubPingQueue }),
      observer: { published: (key, slug) => onPublish({ kind: 'published', key, slug }), removed: (key, slug) => onPublish({ kind: 'removed', key, slug }) },
    }), onBatch, queue('rebuild', { deduplicationId: (body) => rebuildRequestId(parseRebuildRequest(body)) }));
    // The publish handler also sends to its own queue (re-drives, delayed rechecks); the router calls it only after a batch window.
    const content = new EventRouter('content', (event) => publish(event), onBatch, queue('content'));
    const publish = createPublishHandler({ ...common, ...buckets, DELETE_GRACE_SECONDS: String(LOCAL_DELETE_GRACE_SECONDS) }, {
      events: { send: async (bodies, delaySeconds) => bodies.forEach((body) => content.send(body, delaySeconds)) },
      rebuilds: { request: async (request) => rebuild.send(rebuildRequestBody(request)) },
    });
    // The subscription API and the invite function, configured as the stack configures them; the local site server
    // plays CloudFront, so it knows the origin secret (a new one each start).
    const originSecret = randomBytes(24).toString('hex');
    const subscriptionEnv = {
      ...common,
      SUBSCRIBERS_TABLE: LOCAL_NAMES.subscribersTable,
      SENDER_ADDRESS: senderAddress(options.siteContext),
      TOKEN_SECRET: tokenSecret,
      ORIGIN_SECRET: originSecret,
      SITE_BUCKET: LOCAL_NAMES.siteBucket,
      WELCOME_MAIL: String(options.siteContext.welcomeMail !== false && options.siteContext.welcomeMail !== 'false'),
      ...contextVariable(options.siteContext, 'confirmationMailsPerDay', 'CONFIRMATION_MAILS_PER_DAY'),
      ...contextVariable(options.siteContext, 'subscribeRequestsPerHour', 'SUBSCRIBE_REQUESTS_PER_HOUR'),
    };
    const invitations = new EventRouter('invitations', createInviteHandler(subscriptionEnv), onBatch, queue('invitations'));
    const routers = [content, rebuild, announcements, deliveries, invitations];
    emulators.s3Events.on('event', (event: { Records?: { s3?: { bucket?: { name?: string } } }[] }) => {
      if (event.Records?.[0]?.s3?.bucket?.name === LOCAL_NAMES.contentBucket) content.send(JSON.stringify(event));
    });
    if (options.reconcile !== false) content.send(heraldMessage({ source: 'herald.reconcile' }));
    // Each queue feeds the next, so idle means all of them are empty at once.
    const idle = async () => {
      do {
        for (const router of routers) await router.idle();
      } while (routers.some((r) => r.busy));
    };
    const api = createApiHandler(subscriptionEnv, { invitations: { enqueue: async (invitation) => invitations.send(JSON.stringify(invitation)) } });
    server = await startSiteServer(s3, LOCAL_NAMES.siteBucket, ports.site, localApi(api, originSecret));
    const running = server;
    return {
      ports,
      urls,
      tick: () => content.send(heraldMessage({ source: 'herald.schedule' })),
      digest: () => announcements.send(digestRequestBody(new Date())),
      idle,
      stop: async () => {
        // Work in hand finishes first, but a message still waiting out its retries must not keep the stack from
        // stopping: the queues keep it on disk, and the next start picks it up.
        await Promise.race([idle(), new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref())]);
        // Pings wait out their retries on their own; idle() does not wait for a hub.
        [...routers, ...(websub ? [websub] : [])].forEach((r) => r.close());
        // A browser's or feed reader's keep-alive connection would otherwise hold the port open.
        running.closeAllConnections();
        await new Promise<void>((resolve) => running.close(() => resolve()));
        mailbox?.stop();
        await emulators.stop();
        unlock();
      },
    };
  } catch (error) {
    server?.close();
    mailbox?.stop();
    await emulators.stop();
    unlock();
    throw error;
  }
}

// A cdk.json key the local functions read from their environment, when it is set.
function contextVariable(context: SiteContext, key: string, variable: string): Record<string, string> {
  return context[key] === undefined ? {} : { [variable]: String(context[key]) };
}

// The sender of confirmation mails; cdk.json context `senderAddress`, which the deployed stack verifies in SES.
function senderAddress(context: SiteContext): string {
  return typeof context.senderAddress === 'string' && context.senderAddress ? context.senderAddress : 'newsletter@example.com';
}
