import { isIP } from 'node:net';

/**
 * The reader's IP address from CloudFront's `CloudFront-Viewer-Address`
 * header, which is `ip:port` with the IPv6 address unbracketed
 * (`2001:db8::1:443`): everything before the last colon. Undefined when the
 * header is missing or malformed.
 *
 * @example
 * viewerAddressOf('198.51.100.7:50312'); // '198.51.100.7'
 */
export function viewerAddressOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const colon = header.lastIndexOf(':');
  const address = colon > 0 ? header.slice(0, colon).replace(/^\[|\]$/g, '') : '';
  return isIP(address) ? address : undefined;
}
