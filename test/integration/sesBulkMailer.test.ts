import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sesClient } from '../../lambdas/adapters/sesClient';
import { SesBulkMailer } from '../../lambdas/adapters/sesBulkMailer';
import type { BulkRecipient } from '../../lambdas/newsletter/ports';

jest.setTimeout(15_000);

const newsletter = { subject: 'S', html: '<p>{{unsubscribeUrl}}</p>', text: '{{unsubscribeUrl}}' };
const recipients: BulkRecipient[] = ['a', 'b', 'c', 'd'].map((n) => ({ subscriberId: n, email: `${n}@example.com`, unsubscribeUrl: `https://x.example/u/${n}`, preferencesUrl: `https://x.example/p/${n}` }));

/**
 * SES answers the emulator cannot give (per-recipient throttling, whole-call
 * rejections, a dropped connection) come from a small HTTP server that
 * answers as SES would, so the real SDK client parses them.
 */
describe('SesBulkMailer: what each SES answer means for a recipient', () => {
  let server: Server;
  let answer: (response: import('node:http').ServerResponse) => void = () => undefined;
  let requests: Record<string, unknown>[] = [];
  let url = '';
  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      request.on('end', () => {
        requests.push(JSON.parse(body) as Record<string, unknown>);
        answer(response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());
  beforeEach(() => {
    requests = [];
  });

  const mailer = () => new SesBulkMailer(sesClient(url, { maxAttempts: 1 }), { from: '"Site" <news@example.com>', replyTo: 'ed@example.com', configurationSet: 'herald' });
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => (response: import('node:http').ServerResponse) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  };

  it('sends one call with the template, the configuration set and per-recipient unsubscribe headers and data', async () => {
    // Prepare
    answer = json(200, { BulkEmailEntryResults: recipients.map((_, i) => ({ Status: 'SUCCESS', MessageId: `m${i}` })) });

    // Act
    const results = await mailer().send('my-post', newsletter, recipients);

    // Assess
    expect(results).toEqual(recipients.map((_, i) => ({ outcome: 'sent', messageId: `m${i}` })));
    expect(requests).toHaveLength(1);
    const request = requests[0] as { ConfigurationSetName: string; ReplyToAddresses: string[]; DefaultEmailTags: unknown; DefaultContent: { Template: { TemplateContent: unknown } }; BulkEmailEntries: { Destination: unknown; ReplacementHeaders: unknown; ReplacementEmailContent: { ReplacementTemplate: { ReplacementTemplateData: string } } }[] };
    expect(request.ConfigurationSetName).toBe('herald');
    expect(request.ReplyToAddresses).toEqual(['ed@example.com']);
    expect(request.DefaultEmailTags).toEqual([{ Name: 'campaign', Value: 'my-post' }]);
    expect(request.DefaultContent.Template.TemplateContent).toEqual({ Subject: 'S', Html: newsletter.html, Text: newsletter.text });
    expect(request.BulkEmailEntries[1]).toMatchObject({
      Destination: { ToAddresses: ['b@example.com'] },
      ReplacementHeaders: [{ Name: 'List-Unsubscribe', Value: '<https://x.example/u/b>' }, { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' }],
    });
    expect(JSON.parse(request.BulkEmailEntries[1]!.ReplacementEmailContent.ReplacementTemplate.ReplacementTemplateData)).toEqual({ unsubscribeUrl: 'https://x.example/u/b', preferencesUrl: 'https://x.example/p/b' });
  });

  it('turns per-recipient statuses into sent, retry (throttled or not) and rejected', async () => {
    // Prepare
    answer = json(200, { BulkEmailEntryResults: [
      { Status: 'SUCCESS', MessageId: 'm0' },
      { Status: 'ACCOUNT_THROTTLED', Error: 'Maximum sending rate exceeded.' },
      { Status: 'TRANSIENT_FAILURE', Error: 'try later' },
      { Status: 'MESSAGE_REJECTED', Error: 'Email address is not verified.' },
    ] });

    // Act
    const results = await mailer().send('c', newsletter, recipients);

    // Assess
    expect(results).toEqual([
      { outcome: 'sent', messageId: 'm0' },
      { outcome: 'retry', reason: 'ACCOUNT_THROTTLED: Maximum sending rate exceeded.', throttled: true },
      { outcome: 'retry', reason: 'TRANSIENT_FAILURE: try later', throttled: false },
      { outcome: 'rejected', reason: 'MESSAGE_REJECTED: Email address is not verified.' },
    ]);
  });

  it.each([
    ['TooManyRequestsException', { outcome: 'retry', throttled: true }, 429],
    ['LimitExceededException', { outcome: 'retry', throttled: true }, 400],
    ['SendingPausedException', { outcome: 'retry', throttled: false }, 400],
    ['MessageRejected', { outcome: 'rejected' }, 400],
  ])('treats a whole-call %s as %j for every recipient', async (name, expected, status) => {
    // Prepare
    answer = json(status, { message: `${name} happened` }, { 'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/` });

    // Act
    const results = await mailer().send('c', newsletter, recipients);

    // Assess
    expect(results).toHaveLength(4);
    for (const result of results) expect(result).toMatchObject({ ...expected, reason: expect.stringContaining(name) });
  });

  it('retries when SES could not be reached, and calls the outcome unknown when the connection broke after the request went out', async () => {
    // Prepare
    answer = (response) => response.socket?.destroy();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    // Act
    const broken = await mailer().send('c', newsletter, recipients.slice(0, 1));
    const refused = await new SesBulkMailer(sesClient(closedUrl, { maxAttempts: 1 }), { from: 'news@example.com' }).send('c', newsletter, recipients.slice(0, 1));

    // Assess
    expect(broken).toEqual([{ outcome: 'unknown', reason: expect.any(String) }]);
    expect(refused).toEqual([{ outcome: 'retry', reason: expect.stringContaining('ECONNREFUSED'), throttled: false }]);
  });
});
