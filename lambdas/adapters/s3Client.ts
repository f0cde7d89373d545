import { S3Client } from '@aws-sdk/client-s3';
import { emulatorSettings } from './emulatorSettings';

/**
 * S3 client; against an emulator it uses path-style URLs and computes
 * checksums only when required, because s3rver would otherwise store the
 * aws-chunked framing of a streamed body as part of the object.
 */
export function s3Client(endpoint?: string): S3Client {
  return endpoint
    ? new S3Client({ ...emulatorSettings(endpoint), forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' })
    : new S3Client({});
}
