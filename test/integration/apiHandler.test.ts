import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { localUrl } from '../../cli/local/localPorts';
import { ensureSubscribersTable } from '../../cli/local/provisionLocal';
import { createApiHandler, type ApiHandler } from '../../lambdas/functions/api/createApiHandler';
import type { Invitation } from '../../lambdas/subscriptions/ports';
import { startHarness, type Harness } from '../helpers/emulatorHarness';
import { testPort } from '../helpers/testPort';

jest.setTimeout(30_000);

const BASE_PORT = testPort(14_950);
const ORIGIN_SECRET = 'origin-secret-of-this-test-0123456789';
// Every request reaches API Gateway from a CloudFront edge: the source address is CloudFront's, never the reader's.
const CLOUDFRONT_EDGE = '130.176.0.1';

/**
 * The API Lambda's handler, as API Gateway calls it, against dynalite: who
 * may call it (CloudFront only) and whose requests count against the limit.
 */
describe('API handler behind CloudFront', () => {
  let harness: Harness;
  let table = 0;
  beforeAll(async () => {
    // Powertools reads this switch from process.env: no EMF lines in the test output.
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    harness = await startHarness(BASE_PORT);
  });
  afterAll(async () => harness.stop());

  async function setup(): Promise<{ handler: ApiHandler; invitations: Invitation[] }> {
    const name = `api-subscribers-${++table}`;
    await ensureSubscribersTable(harness.db as never, name);
    const invitations: Invitation[] = [];
    const handler = createApiHandler({
      SUBSCRIBERS_TABLE: name,
      SENDER_ADDRESS: 'news@example.com',
      TOKEN_SECRET: 'token-secret-of-this-test-0123456789',
      ORIGIN_SECRET,
      SITE_BUCKET: 'site',
      SITE_URL: 'https://news.example.com/',
      HERALD_DYNAMODB_ENDPOINT: localUrl(BASE_PORT + 1),
      HERALD_SES_ENDPOINT: localUrl(BASE_PORT + 2),
      HERALD_S3_ENDPOINT: localUrl(BASE_PORT),
    }, { invitations: { enqueue: async (invitation) => void invitations.push(invitation) } });
    return { handler, invitations };
  }

  function subscribe(email: string, headers: Record<string, string>): APIGatewayProxyEventV2 {
    return {
      version: '2.0', routeKey: 'ANY /api/{proxy+}', rawPath: '/api/subscribe', rawQueryString: '', isBase64Encoded: false,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ email }),
      requestContext: {
        accountId: '123456789012', apiId: 'api', domainName: 'api.execute-api.eu-west-1.amazonaws.com', domainPrefix: 'api', requestId: 'r', routeKey: 'ANY /api/{proxy+}', stage: '$default',
        time: '', timeEpoch: 0, http: { method: 'POST', path: '/api/subscribe', protocol: 'HTTP/1.1', sourceIp: CLOUDFRONT_EDGE, userAgent: 'Amazon CloudFront' },
      },
    };
  }
  const viaCloudFront = (viewer: string) => ({ 'x-herald-origin': ORIGIN_SECRET, 'cloudfront-viewer-address': viewer });

  it('refuses a request to the execute-api URL, which lacks the origin secret or has a wrong one, with 421', async () => {
    // Prepare
    const { handler, invitations } = await setup();

    // Act
    const missing = await handler(subscribe('direct@example.com', { 'cloudfront-viewer-address': '203.0.113.9:443' }));
    const wrong = await handler(subscribe('direct@example.com', { 'x-herald-origin': 'guess', 'cloudfront-viewer-address': '203.0.113.9:443' }));
    const health = await handler({ ...subscribe('', {}), rawPath: '/api/health', requestContext: { ...subscribe('', {}).requestContext, http: { ...subscribe('', {}).requestContext.http, method: 'GET', path: '/api/health' } } });

    // Assess: never 403, which CloudFront would turn into the site's 404 page
    expect([missing.statusCode, wrong.statusCode, health.statusCode]).toEqual([421, 421, 421]);
    expect(JSON.parse(String(missing.body))).toEqual({ message: 'Use the API at https://news.example.com/api/.' });
    expect(invitations).toEqual([]);
  });

  it('counts each reader by the viewer address CloudFront vouches for, not by the edge\'s address', async () => {
    // Prepare
    const { handler } = await setup();
    const statuses = async (viewer: string, count: number, tag: string) => {
      const answers = [];
      for (let i = 0; i < count; i++) answers.push((await handler(subscribe(`${tag}${i}@example.com`, viaCloudFront(viewer)))).statusCode);
      return answers;
    };

    // Act: two readers behind the same edge
    const first = await statuses('198.51.100.7:50312', 11, 'a');
    const second = await statuses('198.51.100.8:50999', 10, 'b');

    // Assess
    expect(first).toEqual([...Array<number>(10).fill(202), 429]);
    expect(second).toEqual(Array<number>(10).fill(202));
  });

  it('counts an IPv6 reader by its /64, whichever address of it they use', async () => {
    // Prepare
    const { handler } = await setup();

    // Act: ten addresses of one /64 (CloudFront writes `ip:port` with the IPv6 address unbracketed)
    const sameNetwork = [];
    for (let i = 1; i <= 11; i++) sameNetwork.push((await handler(subscribe(`v6-${i}@example.com`, viaCloudFront(`2001:db8:1:2::${i.toString(16)}:443`)))).statusCode);
    const otherNetwork = (await handler(subscribe('v6-other@example.com', viaCloudFront('2001:db8:1:3::1:443')))).statusCode;

    // Assess
    expect(sameNetwork).toEqual([...Array<number>(10).fill(202), 429]);
    expect(otherNetwork).toBe(202);
  });

  it('queues the invitation with the address normalised, and says nothing of whether a mail goes out', async () => {
    // Prepare
    const { handler, invitations } = await setup();

    // Act
    const answer = await handler(subscribe('  Leser@Bücher.DE ', viaCloudFront('192.0.2.50:1234')));
    const nonAscii = await handler(subscribe('jürgen@example.com', viaCloudFront('192.0.2.50:1234')));

    // Assess
    expect(answer.statusCode).toBe(202);
    expect(invitations.map((i) => i.email)).toEqual(['Leser@xn--bcher-kva.de']);
    expect(nonAscii.statusCode).toBe(400);
    expect(JSON.parse(String(nonAscii.body)).message).toMatch(/part before the @ must be plain ASCII/);
  });
});
