import type { IncomingMessage, ServerResponse } from 'node:http';
import { dynamoClient } from '../../lambdas/adapters/dynamoClient';
import { s3Client } from '../../lambdas/adapters/s3Client';
import { sesClient } from '../../lambdas/adapters/sesClient';
import { S3LatestArticle } from '../../lambdas/adapters/s3LatestArticle';
import { DynamoSubscriberStore } from '../../lambdas/adapters/dynamoSubscriberStore';
import { SesMailer } from '../../lambdas/adapters/sesMailer';
import { routeApiRequest } from '../../lambdas/functions/api/routeApiRequest';
import type { SiteConfig } from '../../lambdas/config/siteConfig';
import { Subscriptions } from '../../lambdas/subscriptions/subscriptions';
import type { ApiRoute } from './siteServer';

/** What the local API needs from the local stack. */
export interface LocalApiOptions {
  readonly site: SiteConfig;
  readonly dynamodbUrl: string;
  readonly sesUrl: string;
  readonly s3Url: string;
  readonly siteBucket: string;
  readonly table: string;
  /** `"Name" <address>`. */
  readonly sender: string;
  readonly postalAddress?: string;
  readonly welcomeMail: boolean;
  /** The key that signs confirmation and unsubscribe links. */
  readonly tokenSecret: string;
}

// Keep one byte past the limit so the router can answer 413 without holding a huge body.
const BODY_LIMIT = 16 * 1024 + 1;

/** Serves `/api/*` locally with the same router the API Lambda uses, against dynalite and the SES emulator. */
export function localApi(options: LocalApiOptions): ApiRoute {
  const deps = {
    site: options.site,
    subscriptions: new Subscriptions({
      site: options.site,
      store: new DynamoSubscriberStore(dynamoClient(options.dynamodbUrl), options.table),
      mailer: new SesMailer(sesClient(options.sesUrl), options.sender),
      secret: options.tokenSecret,
      latestArticle: new S3LatestArticle(s3Client(options.s3Url), options.siteBucket),
      welcome: options.welcomeMail,
      ...(options.postalAddress && { postalAddress: options.postalAddress }),
    }),
  };
  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const answer = await routeApiRequest(deps, {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v])),
      body: await readBody(request),
      clientIp: request.socket.remoteAddress ?? '127.0.0.1',
    });
    send(response, answer.status, answer.headers, answer.body);
  };
}

function send(response: ServerResponse, status: number, headers: Readonly<Record<string, string>>, body: string): void {
  response.writeHead(status, headers).end(body);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Keep reading to the end (stopping early would reset the connection before the 413 is sent), but keep little.
  for await (const chunk of request as AsyncIterable<Buffer>) {
    if (size < BODY_LIMIT) chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks).subarray(0, BODY_LIMIT).toString('utf8');
}
