import type { Server } from 'node:http';
import { join } from 'node:path';
import { dynamoClient, s3Client } from '../adapters/awsClients';
import { siteConfigFrom, type SiteContext } from '../config/siteConfig';
import { createPublishHandler } from '../publish/createPublishHandler';
import { EventRouter, type RoutedBatch } from './eventRouter';
import { DEFAULT_PORTS, LOCAL_NAMES, localUrl, type LocalPorts } from './localPorts';
import { ensureArticlesTable, ensureBucket, ensureSubscribersTable } from './provisionLocal';
import { localApi } from './localApi';
import { startSiteServer } from './siteServer';
import { startEmulators } from './startEmulators';

/** Options of {@link startLocalStack}. */
export interface LocalStackOptions {
  readonly ports?: Partial<LocalPorts>;
  /** Folder for persistent state (`.herald`); in memory when omitted. */
  readonly stateDir?: string;
  /** The site keys of cdk.json context. */
  readonly siteContext: SiteContext;
  /** Called after each batch the publish handler handled. */
  readonly onBatch?: (batch: RoutedBatch) => void;
}

/** A running local Herald. */
export interface LocalStack {
  readonly ports: LocalPorts;
  readonly urls: { readonly site: string; readonly s3: string; readonly dynamodb: string; readonly ses: string };
  /** Sends the schedule's tick, as EventBridge does in AWS. */
  tick(): void;
  /** Resolves when every event so far has been handled. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs the whole pipeline on this machine: the emulators, the buckets and
 * table the CDK stack would create, and the real publish handler fed with
 * s3rver's event notifications, behind a site server that plays CloudFront.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  const urls = { site: `${localUrl(ports.site)}/`, s3: localUrl(ports.s3), dynamodb: localUrl(ports.dynamodb), ses: localUrl(ports.ses) };
  const emulators = await startEmulators(ports, options.stateDir && join(options.stateDir));
  let server: Server | undefined;
  try {
    const s3 = s3Client(urls.s3);
    await ensureBucket(s3, LOCAL_NAMES.contentBucket);
    await ensureBucket(s3, LOCAL_NAMES.siteBucket);
    await ensureArticlesTable(dynamoClient(urls.dynamodb), LOCAL_NAMES.articlesTable);
    await ensureSubscribersTable(dynamoClient(urls.dynamodb), LOCAL_NAMES.subscribersTable);

    // CloudWatch metrics (EMF lines on stdout) mean nothing locally; Powertools reads this switch from process.env.
    process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
    // The same handler the Lambda runs, configured as the CDK stack configures it, pointed at the emulators.
    const handler = createPublishHandler({
      CONTENT_BUCKET: LOCAL_NAMES.contentBucket,
      SITE_BUCKET: LOCAL_NAMES.siteBucket,
      TABLE_NAME: LOCAL_NAMES.articlesTable,
      SITE_URL: urls.site,
      SITE_CONTEXT: JSON.stringify(options.siteContext),
      HERALD_S3_ENDPOINT: urls.s3,
      HERALD_DYNAMODB_ENDPOINT: urls.dynamodb,
      // The dev server prints a line per batch; the handler's JSON logs show only what needs attention.
      POWERTOOLS_LOG_LEVEL: process.env.HERALD_LOG_LEVEL ?? 'WARN',
    });
    const router = new EventRouter(handler, options.onBatch ?? (() => undefined));
    emulators.s3Events.on('event', (event: { Records?: { s3?: { bucket?: { name?: string } } }[] }) => {
      if (event.Records?.[0]?.s3?.bucket?.name === LOCAL_NAMES.contentBucket) router.send(JSON.stringify(event));
    });
    const site = siteConfigFrom(options.siteContext, { siteUrl: urls.site });
    server = await startSiteServer(s3, LOCAL_NAMES.siteBucket, ports.site, localApi({
      site,
      dynamodbUrl: urls.dynamodb,
      sesUrl: urls.ses,
      s3Url: urls.s3,
      siteBucket: LOCAL_NAMES.siteBucket,
      table: LOCAL_NAMES.subscribersTable,
      sender: senderAddress(options.siteContext),
      welcomeMail: options.siteContext.welcomeMail !== false && options.siteContext.welcomeMail !== 'false',
      ...(options.stateDir && { stateDir: options.stateDir }),
    }));
    const running = server;
    return {
      ports,
      urls,
      tick: () => router.send(JSON.stringify({ source: 'herald.schedule' })),
      idle: () => router.idle(),
      stop: async () => {
        await router.idle();
        await new Promise<void>((resolve) => running.close(() => resolve()));
        await emulators.stop();
      },
    };
  } catch (error) {
    server?.close();
    await emulators.stop();
    throw error;
  }
}

// The sender of confirmation mails; cdk.json context `senderAddress`, which the deployed stack verifies in SES.
function senderAddress(context: SiteContext): string {
  return typeof context.senderAddress === 'string' && context.senderAddress ? context.senderAddress : 'newsletter@example.com';
}
