import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key a client's requests are counted under: an IPv4 address as it is,
 * an IPv6 address by its /64 prefix, because one household or host usually
 * holds a whole /64 and could otherwise change address at every request.
 * An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) counts as its IPv4.
 *
 * @example
 * rateLimitKeyFor('2001:db8:1:2:aaaa::1'); // '2001:db8:1:2::/64'
 */
export function rateLimitKeyFor(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIPv4(address) || !isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = address.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
