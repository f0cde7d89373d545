import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { isAwsError } from '../../lambdas/adapters/errors';
import { contentTypeFor } from '../../lambdas/adapters/contentTypeFor';
import { LOCAL_HOST } from './localPorts';
import { PortInUseError } from './startEmulators';

/** Answers `/api/*` requests; the subscriptions work plugs its handler in here. */
export type ApiRoute = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * Serves the site bucket the way CloudFront does (directory URLs map to
 * index.html, ETags and 304s) and hands `/api/*` to the API.
 */
export async function startSiteServer(s3: S3Client, bucket: string, port: number, api: ApiRoute): Promise<Server> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const answer = path.startsWith('/api/') ? api(request, response) : serveObject(s3, bucket, path, request, response);
    answer.catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`local site server: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError('Site server', port, { cause: error }) : error));
    server.listen(port, LOCAL_HOST, () => resolve());
  });
  return server;
}

async function serveObject(s3: S3Client, bucket: string, path: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  let key = decodeURIComponent(path).replace(/^\/+/, '');
  if (key === '' || key.endsWith('/')) key += 'index.html';
  else if (!key.split('/').pop()!.includes('.')) key += '/index.html';
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const etag = object.ETag ?? '';
    if (etag && request.headers['if-none-match'] === etag) {
      response.writeHead(304, { etag }).end();
      return;
    }
    const body = await object.Body!.transformToByteArray();
    response.writeHead(200, { 'content-type': contentTypeFor(key), 'content-length': body.byteLength, etag, 'cache-control': 'no-cache' });
    response.end(request.method === 'HEAD' ? undefined : body);
  } catch (error) {
    if (!isAwsError(error, 'NoSuchKey', 'NotFound')) throw error;
    response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Not found</title><p>Nothing here. <a href="/">Back to the site</a>.</p>\n');
  }
}
