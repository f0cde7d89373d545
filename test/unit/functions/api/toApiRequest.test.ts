import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { toApiRequest } from '../../../../lambdas/functions/api/toApiRequest';

function event(overrides: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'ANY /api/{proxy+}',
    rawPath: '/api/subscribe',
    rawQueryString: '',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    isBase64Encoded: false,
    requestContext: { http: { method: 'POST', path: '/api/subscribe', protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' } } as APIGatewayProxyEventV2['requestContext'],
    ...overrides,
  };
}

describe('toApiRequest', () => {
  it('maps method, path, lower-cased headers and the client address', () => {
    // Act
    const request = toApiRequest(event({ body: 'email=a%40example.com' }));

    // Assess
    expect(request).toEqual({ method: 'POST', path: '/api/subscribe', query: {}, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a%40example.com', clientIp: '203.0.113.9' });
  });

  it('decodes a base64 body and keeps the query', () => {
    // Act
    const request = toApiRequest(event({ body: Buffer.from('List-Unsubscribe=One-Click').toString('base64'), isBase64Encoded: true, queryStringParameters: { token: 't' } }));

    // Assess
    expect(request.body).toBe('List-Unsubscribe=One-Click');
    expect(request.query).toEqual({ token: 't' });
  });

  it('treats a missing body as empty', () => {
    // Act & Assess
    expect(toApiRequest(event()).body).toBe('');
  });
});
