import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ApiRequest } from './apiTypes';

/** An API Gateway HTTP API (payload 2.0) event as the router's request. */
export function toApiRequest(event: APIGatewayProxyEventV2): ApiRequest {
  return {
    method: event.requestContext.http.method,
    path: event.rawPath,
    query: event.queryStringParameters ?? {},
    headers: Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    body: event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body,
    clientIp: event.requestContext.http.sourceIp,
  };
}
