import type { Readable } from 'node:stream';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { isAwsError } from '../../lambdas/adapters/errors';
import { contentTypeFor } from '../../lambdas/adapters/contentTypeFor';
import { pathProblem } from '../../lambdas/content/pathProblem';
import { SITE_PATHS } from '../../lambdas/site/sitePaths';
import { contentSecurityPolicyFor } from '../../lambdas/site/contentSecurityPolicy';
import { REDIRECT_METADATA } from '../../lambdas/adapters/s3SiteStore';
import { LOCAL_HOST } from './localPorts';
import { PortInUseError } from './startEmulators';

/** Answers `/api/*` requests; the subscriptions work plugs its handler in here. */
export type ApiRoute = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/** Where the server reports what went wrong inside it; the visitor only ever sees a plain status page. */
export type ServerErrorLog = (error: unknown) => void;

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };

/**
 * Serves the site bucket the way CloudFront does (directory URLs map to
 * index.html, ETags and 304s, redirect objects answer 301) and hands
 * `/api/*` to the API.
 *
 * Only keys inside the site bucket can be asked for: a path that does not
 * decode, or whose decoded key has a `.`/`..` segment, a control character or
 * an empty segment, gets 400, so `/..%2fherald-content%2f…` never reaches
 * another bucket. An internal failure answers 503 with a plain sentence and
 * goes to `log` with its details, never to the visitor.
 */
export async function startSiteServer(s3: S3Client, bucket: string, port: number, api: ApiRoute, log: ServerErrorLog = logToStderr): Promise<Server> {
  const server = createServer((request, response) => {
    const url = URL.parse(request.url ?? '/', 'http://localhost');
    if (!url) {
      response.writeHead(400, TEXT).end('Bad request: the address cannot be read.\n');
      return;
    }
    const answer = url.pathname.startsWith('/api/') ? api(request, response) : serveObject(s3, bucket, url.pathname, request, response);
    answer.catch((error: unknown) => {
      log(error);
      if (!response.headersSent) response.writeHead(503, { ...TEXT, 'retry-after': '1' });
      response.end('The site cannot answer just now; try again in a moment.\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError('Site server', port, { cause: error }) : error));
    server.listen(port, LOCAL_HOST, () => resolve());
  });
  return server;
}

/**
 * The site bucket key a URL path asks for, or undefined when the path is not
 * one a site can have (malformed escapes, a traversal, a control character).
 *
 * @example
 * siteKeyFor('/posts/a/'); // 'posts/a/index.html'
 * siteKeyFor('/..%2fherald-content%2fdraft.md'); // undefined
 */
export function siteKeyFor(pathname: string): string | undefined {
  let key: string;
  try {
    key = decodeURIComponent(pathname).replace(/^\/+/, '');
  } catch {
    return undefined;
  }
  if (key === '' || key.endsWith('/')) key += 'index.html';
  else if (!key.split('/').pop()!.includes('.')) key += '/index.html';
  return pathProblem(key) === undefined ? key : undefined;
}

async function serveObject(s3: S3Client, bucket: string, path: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const key = siteKeyFor(path);
  if (key === undefined) {
    response.writeHead(400, TEXT).end('Bad request: no page of this site has that address.\n');
    return;
  }
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const etag = object.ETag ?? '';
    // What the CloudFront viewer-response function does with a redirect object.
    const location = object.Metadata?.[REDIRECT_METADATA];
    const notModified = etag !== '' && request.headers['if-none-match'] === etag;
    if (location || notModified) {
      // A body left unread holds one of the S3 client's pooled connections until s3rver gives up on it.
      (object.Body as Readable | undefined)?.destroy();
      if (location) response.writeHead(301, { location, 'cache-control': 'no-cache', 'content-security-policy': contentSecurityPolicyFor(key) }).end();
      else response.writeHead(304, { etag }).end();
      return;
    }
    const body = await object.Body!.transformToByteArray();
    // The headers CloudFront adds (SiteHosting), so a page that breaks the policy breaks here too.
    response.writeHead(200, { 'content-type': contentTypeFor(key), 'content-length': body.byteLength, etag, 'cache-control': 'no-cache', 'content-security-policy': contentSecurityPolicyFor(key), 'x-content-type-options': 'nosniff' });
    response.end(request.method === 'HEAD' ? undefined : body);
  } catch (error) {
    if (!isAwsError(error, 'NoSuchKey', 'NotFound')) throw error;
    // As CloudFront's custom error response does: the site's own styled 404.html, with status 404.
    const page = await readObject(s3, bucket, SITE_PATHS.notFound);
    response.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', 'content-security-policy': contentSecurityPolicyFor(SITE_PATHS.notFound), 'x-content-type-options': 'nosniff' })
      .end(request.method === 'HEAD' ? undefined : (page ?? '<!doctype html><title>Not found</title><p>Nothing here. <a href="/">Back to the site</a>.</p>\n'));
  }
}

async function readObject(s3: S3Client, bucket: string, key: string): Promise<Uint8Array | undefined> {
  try {
    return await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray();
  } catch (error) {
    if (isAwsError(error, 'NoSuchKey', 'NotFound')) return undefined;
    throw error;
  }
}

function logToStderr(error: unknown): void {
  process.stderr.write(`site server: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
}
