import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ApiRequest } from './apiTypes';

/**
 * An API Gateway HTTP API (payload 2.0) event as the router's request. The
 * client is `viewerAddress` when CloudFront vouched for it, else the address
 * API Gateway saw.
 */
export function toApiRequest(event: APIGatewayProxyEventV2, viewerAddress?: string): ApiRequest {
  return {
    method: event.requestContext.http.method,
    path: event.rawPath,
    query: event.queryStringParameters ?? {},
    headers: Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    body: event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body,
    clientIp: viewerAddress ?? event.requestContext.http.sourceIp,
  };
}
