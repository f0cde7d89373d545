import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in for SES v2 that accepts every bulk send, and how many recipients it was given. */
export interface FakeSes {
  readonly endpoint: string;
  recipients(): number;
  close(): Promise<void>;
}

/**
 * The least HTTP server that answers `SendBulkEmail` as SES v2 does (REST
 * JSON, one SUCCESS result per entry), so a send benchmark measures Herald's
 * code path and not an emulator's: it renders, stores and checks nothing.
 */
export async function startFakeSes(): Promise<FakeSes> {
  let count = 0;
  let id = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v2/email/outbound-bulk-emails') {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
        return;
      }
      const entries = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { BulkEmailEntries?: unknown[] }).BulkEmailEntries ?? [];
      count += entries.length;
      const results = entries.map(() => ({ Status: 'SUCCESS', MessageId: `bench-${++id}` }));
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ BulkEmailEntryResults: results }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    recipients: () => count,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
