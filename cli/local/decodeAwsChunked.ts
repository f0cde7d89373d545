/**
 * Decodes an `aws-chunked` request body (AWS SigV4 streaming, with or without
 * chunk signatures and trailing checksums) into the bytes it carries:
 * `<hex size>[;chunk-signature=…]\r\n<data>\r\n` … `0\r\n<trailers>\r\n\r\n`.
 *
 * @throws RangeError for a body that is not aws-chunked.
 */
export function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd === -1) throw new RangeError('aws-chunked body ends inside a chunk header');
    const size = Number.parseInt(body.subarray(offset, lineEnd).toString('latin1').split(';')[0]!, 16);
    if (!Number.isInteger(size) || size < 0) throw new RangeError('aws-chunked chunk header has no size');
    if (size === 0) return Buffer.concat(parts);
    const start = lineEnd + 2;
    if (start + size > body.length) throw new RangeError('aws-chunked chunk is longer than the body');
    parts.push(body.subarray(start, start + size));
    offset = start + size + 2;
  }
}

/** True when the request body is aws-chunked rather than the object's bytes. */
export function isAwsChunked(headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  const sha = String(headers['x-amz-content-sha256'] ?? '');
  return sha.startsWith('STREAMING-') || String(headers['content-encoding'] ?? '').includes('aws-chunked');
}
