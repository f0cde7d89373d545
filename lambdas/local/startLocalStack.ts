import type { Server } from 'node:http';
import { join } from 'node:path';
import { dynamoClient, s3Client } from '../adapters/awsClients';
import type { SiteContext } from '../config/siteConfig';
import { createPublishHandler } from '../publish/createPublishHandler';
import { EventRouter, type RoutedBatch } from './eventRouter';
import { DEFAULT_PORTS, LOCAL_NAMES, localUrl, type LocalPorts } from './localPorts';
import { ensureArticlesTable, ensureBucket } from './provisionLocal';
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
    server = await startSiteServer(s3, LOCAL_NAMES.siteBucket, ports.site, async (request, response) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const body = path === '/api/health' ? { status: 'ok' } : { message: `no API route ${request.method} ${path}` };
      response.writeHead(path === '/api/health' ? 200 : 404, { 'content-type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
    });
    const site = server;
    return {
      ports,
      urls,
      tick: () => router.send(JSON.stringify({ source: 'herald.schedule' })),
      idle: () => router.idle(),
      stop: async () => {
        await router.idle();
        await new Promise<void>((resolve) => site.close(() => resolve()));
        await emulators.stop();
      },
    };
  } catch (error) {
    server?.close();
    await emulators.stop();
    throw error;
  }
}
