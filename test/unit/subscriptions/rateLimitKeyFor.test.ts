import { rateLimitKeyFor } from '../../../lambdas/subscriptions/rateLimitKeyFor';

describe('rateLimitKeyFor', () => {
  it.each([
    ['an IPv4 address', '198.51.100.7', '198.51.100.7'],
    ['an IPv6 address', '2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['another address of the same /64', '2001:0db8:0001:0002::1', '2001:db8:1:2::/64'],
    ['a compressed prefix', '2001:db8::1', '2001:db8:0:0::/64'],
    ['upper case', '2001:DB8:1:2::ABCD', '2001:db8:1:2::/64'],
    ['the unspecified address', '::', '0:0:0:0::/64'],
    ['an IPv4-mapped IPv6 address', '::ffff:198.51.100.7', '198.51.100.7'],
  ])('counts %s under its key', (_name, address, key) => {
    // Act & Assess
    expect(rateLimitKeyFor(address)).toBe(key);
  });

  it('separates neighbouring /64 networks', () => {
    // Act & Assess
    expect(rateLimitKeyFor('2001:db8:1:2::1')).not.toBe(rateLimitKeyFor('2001:db8:1:3::1'));
  });
});
