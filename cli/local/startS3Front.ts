import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import { decodeAwsChunked, isAwsChunked } from './decodeAwsChunked';
import { KeyLocks } from './keyLocks';
import { LOCAL_HOST } from './localPorts';

// Headers that describe how the body or the credentials travelled, not the object.
const TRANSPORT_HEADERS = ['authorization', 'x-amz-content-sha256', 'x-amz-decoded-content-length', 'x-amz-trailer', 'x-amz-sdk-checksum-algorithm', 'content-md5', 'expect', 'transfer-encoding', 'connection'];

/**
 * The S3 endpoint `herald dev` shows, in front of s3rver, so that any S3
 * client works as it would against AWS: streamed uploads arrive aws-chunked
 * (which s3rver would store framing and all) and are decoded here, and
 * credentials are dropped, since s3rver accepts only its own and the stack is
 * reachable from this machine alone, and a reader never sees an object half
 * replaced (reads of a key wait for its write, see KeyLocks). Because it takes any credentials, it
 * refuses what only a web page or a traversal would send (see `refusalOf`).
 */
export async function startS3Front(port: number, s3rverPort: number): Promise<Server> {
  const locks = new KeyLocks();
  const server = createServer((incoming, outgoing) => {
    const refusal = refusalOf(incoming);
    if (refusal) {
      // The body is not read: the answer goes out now and the connection closes.
      outgoing.writeHead(refusal.status, { 'content-type': 'application/xml', connection: 'close' }).end(s3Error(refusal.code, refusal.message));
      return;
    }
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      let body: Buffer = Buffer.concat(chunks);
      const headers: IncomingHttpHeaders = { ...incoming.headers };
      if (isAwsChunked(headers)) {
        try {
          body = decodeAwsChunked(body);
        } catch (error) {
          outgoing.writeHead(400, { 'content-type': 'application/xml' }).end(s3Error('InvalidRequest', (error as Error).message));
          return;
        }
        const encoding = String(headers['content-encoding'] ?? '').split(',').map((e) => e.trim()).filter((e) => e && e !== 'aws-chunked');
        if (encoding.length > 0) headers['content-encoding'] = encoding.join(', ');
        else delete headers['content-encoding'];
      }
      for (const name of TRANSPORT_HEADERS) delete headers[name];
      for (const name of Object.keys(headers)) if (name.startsWith('x-amz-checksum-')) delete headers[name];
      headers['content-length'] = String(body.length);
      const [rawPath = '/', query = ''] = (incoming.url ?? '/').split(/\?(.*)/s);
      const search = new URLSearchParams(query);
      for (const name of [...search.keys()]) if (/^X-Amz-(Algorithm|Credential|Date|Expires|SignedHeaders|Signature|Security-Token)$/i.test(name)) search.delete(name);
      // The path goes on as the client sent it (already checked): a URL parser would resolve "/../" first.
      const path = search.size > 0 ? `${rawPath}?${search.toString()}` : rawPath;
      // S3 replaces an object at once, but s3rver rewrites its file in place: a read overlapping a write of the same
      // key got a mix of the two, or announced the old length, sent fewer bytes and never ended. So a key's writes run alone.
      void locks.acquire(rawPath, incoming.method !== 'GET' && incoming.method !== 'HEAD').then((release) => {
        // A client that gave up while it waited has closed already, and 'close' will not come again.
        if (outgoing.destroyed) return release();
        outgoing.once('close', release);
        // A fresh loopback connection per request: reusing one that s3rver is closing would reset mid-answer.
        const forward = request({ host: LOCAL_HOST, port: s3rverPort, method: incoming.method, path, headers, agent: false }, (answer) => {
          outgoing.writeHead(answer.statusCode ?? 503, answer.headers);
          answer.pipe(outgoing);
        });
        forward.on('error', (error) => {
          if (outgoing.headersSent) outgoing.destroy(error);
          else outgoing.writeHead(503, { 'content-type': 'application/xml', 'retry-after': '1' }).end(s3Error('ServiceUnavailable', 'The local S3 emulator did not answer; try again.'));
        });
        forward.end(body);
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOCAL_HOST, () => resolve());
  });
  return server;
}

interface Refusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

// Browsers mark requests with Origin and Sec-Fetch-Site; S3 clients send neither.
const SAME_ORIGIN_FETCH = new Set(['same-origin', 'none']);

/**
 * Why the front refuses a request before it reaches s3rver, if it does:
 * - a browser request that could change something (any method but GET and
 *   HEAD) from a web page: another site's form or script must not plant or
 *   delete articles; every S3 client (no Origin, no Sec-Fetch-Site) passes;
 * - a bucket, key, prefix or copy source with a `.` or `..` segment once
 *   decoded, which s3rver would resolve into another bucket's folder.
 */
export function refusalOf(incoming: Pick<IncomingMessage, 'method' | 'url' | 'headers'>): Refusal | undefined {
  const { headers } = incoming;
  const fetchSite = headers['sec-fetch-site'];
  const fromPage = headers.origin !== undefined || (typeof fetchSite === 'string' && !SAME_ORIGIN_FETCH.has(fetchSite));
  if (fromPage && incoming.method !== 'GET' && incoming.method !== 'HEAD') {
    return { status: 403, code: 'AccessDenied', message: 'Requests from web pages may only read; use an S3 client to change objects.' };
  }
  const [path = '/', query = ''] = (incoming.url ?? '/').split(/\?(.*)/s);
  const search = new URLSearchParams(query);
  const named = [path, search.get('prefix'), search.get('start-after'), search.get('marker'), headers['x-amz-copy-source']];
  for (const value of named) {
    if (typeof value !== 'string') continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(value);
    } catch {
      return { status: 400, code: 'InvalidURI', message: 'The address is not valid percent-encoding.' };
    }
    if (decoded.split('/').some((segment) => segment === '.' || segment === '..')) {
      return { status: 400, code: 'InvalidArgument', message: 'Keys with a "." or ".." segment are refused here: s3rver would resolve them into another bucket.' };
    }
  }
  return undefined;
}

function s3Error(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</Message></Error>`;
}
