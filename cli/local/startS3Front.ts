import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { decodeAwsChunked, isAwsChunked } from './decodeAwsChunked';
import { LOCAL_HOST } from './localPorts';

// Headers that describe how the body or the credentials travelled, not the object.
const TRANSPORT_HEADERS = ['authorization', 'x-amz-content-sha256', 'x-amz-decoded-content-length', 'x-amz-trailer', 'x-amz-sdk-checksum-algorithm', 'content-md5', 'expect', 'transfer-encoding', 'connection'];

/**
 * The S3 endpoint `herald dev` shows, in front of s3rver, so that any S3
 * client works as it would against AWS: streamed uploads arrive aws-chunked
 * (which s3rver would store framing and all) and are decoded here, and
 * credentials are dropped, since s3rver accepts only its own and the stack is
 * reachable from this machine alone.
 */
export async function startS3Front(port: number, s3rverPort: number): Promise<Server> {
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      let body: Buffer = Buffer.concat(chunks);
      const headers: IncomingHttpHeaders = { ...incoming.headers };
      if (isAwsChunked(headers)) {
        try {
          body = decodeAwsChunked(body);
        } catch (error) {
          outgoing.writeHead(400, { 'content-type': 'application/xml' }).end(`<Error><Code>InvalidRequest</Code><Message>${(error as Error).message}</Message></Error>`);
          return;
        }
        const encoding = String(headers['content-encoding'] ?? '').split(',').map((e) => e.trim()).filter((e) => e && e !== 'aws-chunked');
        if (encoding.length > 0) headers['content-encoding'] = encoding.join(', ');
        else delete headers['content-encoding'];
      }
      for (const name of TRANSPORT_HEADERS) delete headers[name];
      for (const name of Object.keys(headers)) if (name.startsWith('x-amz-checksum-')) delete headers[name];
      headers['content-length'] = String(body.length);
      const url = new URL(incoming.url ?? '/', 'http://localhost');
      for (const name of [...url.searchParams.keys()]) if (/^X-Amz-(Algorithm|Credential|Date|Expires|SignedHeaders|Signature|Security-Token)$/i.test(name)) url.searchParams.delete(name);
      // A fresh loopback connection per request: reusing one that s3rver is closing would reset mid-answer.
      const forward = request({ host: LOCAL_HOST, port: s3rverPort, method: incoming.method, path: `${url.pathname}${url.search}`, headers, agent: false }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      forward.on('error', (error) => {
        if (outgoing.headersSent) outgoing.destroy(error);
        else outgoing.writeHead(502, { 'content-type': 'text/plain' }).end(error.message);
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOCAL_HOST, () => resolve());
  });
  return server;
}
