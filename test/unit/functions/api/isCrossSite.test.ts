import { isCrossSite } from '../../../../lambdas/functions/api/isCrossSite';

const SITE = 'https://news.example.com/';

describe('isCrossSite', () => {
  it.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }, true],
    ['Sec-Fetch-Site: cross-site, whatever the Origin', { 'sec-fetch-site': 'cross-site', origin: SITE.slice(0, -1) }, true],
    ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin', origin: 'https://news.example.com' }, false],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site', origin: 'https://blog.example.com' }, false],
    ['Sec-Fetch-Site: none (typed or bookmarked)', { 'sec-fetch-site': 'none' }, false],
    ['an older browser on the site (Origin only)', { origin: 'https://news.example.com' }, false],
    ['an older browser on another site', { origin: 'https://evil.example' }, true],
    ['another port of the site\'s host', { origin: 'https://news.example.com:8443' }, true],
    ['Origin: null (sandboxed frame, data: URL)', { origin: 'null' }, true],
    ['a program (neither header)', {}, false],
  ])('%s → %s', (_name, headers, crossSite) => {
    // Act & Assess
    expect(isCrossSite({ headers }, SITE)).toBe(crossSite);
  });
});
