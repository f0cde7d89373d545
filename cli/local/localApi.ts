import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ApiHandler } from '../../lambdas/functions/api/createApiHandler';
import { ORIGIN_SECRET_HEADER } from '../../lambdas/functions/api/originSecretHeader';
import type { ApiRoute } from './siteServer';

// Keep one byte past the limit so the router can answer 413 without holding a huge body.
const BODY_LIMIT = 16 * 1024 + 1;

/**
 * Serves `/api/*` locally with the API Lambda's own handler, the way
 * CloudFront and API Gateway call it: CloudFront's origin secret and
 * `CloudFront-Viewer-Address` (the socket's address and port) replace
 * whatever the client sent under those names, and the request becomes an
 * HTTP API (payload 2.0) event.
 */
export function localApi(handler: ApiHandler, originSecret: string): ApiRoute {
  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
    const sourceIp = request.socket.remoteAddress ?? '127.0.0.1';
    headers[ORIGIN_SECRET_HEADER] = originSecret;
    headers['cloudfront-viewer-address'] = `${sourceIp}:${request.socket.remotePort ?? 0}`;
    const now = new Date();
    const method = request.method ?? 'GET';
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey: 'ANY /api/{proxy+}',
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      queryStringParameters: Object.fromEntries(url.searchParams),
      requestContext: {
        accountId: 'local', apiId: 'local', domainName: url.host, domainPrefix: 'local', requestId: randomUUID(), routeKey: 'ANY /api/{proxy+}', stage: '$default',
        time: now.toISOString(), timeEpoch: now.getTime(),
        http: { method, path: url.pathname, protocol: `HTTP/${request.httpVersion}`, sourceIp, userAgent: headers['user-agent'] ?? '' },
      },
      body: await readBody(request),
      isBase64Encoded: false,
    };
    const answer = await handler(event);
    send(response, answer.statusCode ?? 200, Object.fromEntries(Object.entries(answer.headers ?? {}).map(([k, v]) => [k, String(v)])), answer.body ?? '');
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
