import { viewerAddressOf } from '../../../../lambdas/functions/api/viewerAddressOf';

describe('viewerAddressOf', () => {
  it.each([
    ['IPv4 with port', '198.51.100.7:50312', '198.51.100.7'],
    ['IPv6 with port, unbracketed as CloudFront writes it', '2001:db8:1:2::abcd:443', '2001:db8:1:2::abcd'],
    ['IPv6 in brackets', '[2001:db8::1]:443', '2001:db8::1'],
    ['missing', undefined, undefined],
    ['empty', '', undefined],
    ['no port', '198.51.100.7', undefined],
    ['not an address', 'localhost:80', undefined],
  ])('reads %s', (_name, header, address) => {
    // Act & Assess
    expect(viewerAddressOf(header)).toBe(address);
  });
});
