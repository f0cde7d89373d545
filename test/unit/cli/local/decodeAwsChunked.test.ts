import { decodeAwsChunked, isAwsChunked } from '../../../../cli/local/decodeAwsChunked';

describe('decodeAwsChunked', () => {
  it.each([
    ['unsigned chunks with a checksum trailer', 'c\r\nhello world\n\r\n0\r\nx-amz-checksum-crc32:rwg7LQ==\r\n\r\n', 'hello world\n'],
    ['signed chunks', '5;chunk-signature=abc\r\nhello\r\n6;chunk-signature=def\r\n world\r\n0;chunk-signature=0f\r\n\r\n', 'hello world'],
    ['an empty body', '0\r\n\r\n', ''],
  ])('decodes %s', (_name, body, expected) => {
    // Act & Assess
    expect(decodeAwsChunked(Buffer.from(body, 'latin1')).toString()).toBe(expected);
  });

  it.each([
    ['no chunk header line', 'hello'],
    ['a chunk longer than the body', 'ff\r\nshort\r\n'],
    ['a header without a size', 'zz\r\nx\r\n'],
  ])('rejects %s', (_name, body) => {
    // Act & Assess
    expect(() => decodeAwsChunked(Buffer.from(body))).toThrow(RangeError);
  });
});

describe('isAwsChunked', () => {
  it.each([
    [{ 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' }, true],
    [{ 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' }, true],
    [{ 'content-encoding': 'gzip, aws-chunked' }, true],
    [{ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, false],
    [{}, false],
  ])('%j → %s', (headers, expected) => {
    // Act & Assess
    expect(isAwsChunked(headers)).toBe(expected);
  });
});
