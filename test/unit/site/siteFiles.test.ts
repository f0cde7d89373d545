import { rfc3339InOffset, rfc822InOffset } from '../../../lambdas/site/dateInOffset';
import { faviconHref } from '../../../lambdas/site/faviconHref';
import { renderSitemap, renderSitemapIndex } from '../../../lambdas/site/renderSitemap';
import { tagSlug, tagUrl } from '../../../lambdas/site/tagUrl';

describe('tagUrl', () => {
  it.each([
    ['Static Sites', 'static-sites', 'https://blog.example.com/tags/static-sites/'],
    ['  AWS  ', 'aws', 'https://blog.example.com/tags/aws/'],
    ['C++', 'c++', 'https://blog.example.com/tags/c%2B%2B/'],
    ['Ünïcode  words', 'ünïcode-words', 'https://blog.example.com/tags/%C3%BCn%C3%AFcode-words/'],
  ])('puts %j at its slug', (tag, slug, url) => {
    // Act & Assess
    expect(tagSlug(tag)).toBe(slug);
    expect(tagUrl('https://blog.example.com/', tag)).toBe(url);
  });
});

describe('faviconHref', () => {
  it('draws the first letter of the title, as a data URL an HTML attribute can hold once escaped', () => {
    // Act
    const href = faviconHref('<field> notes');

    // Assess
    expect(href).toMatch(/^data:image\/svg\+xml,%3Csvg/);
    expect(decodeURIComponent(href.slice('data:image/svg+xml,'.length))).toContain("fill='#fff'>&lt;</text></svg>");
    expect(href).not.toMatch(/[<>"' ]/);
  });
});

describe('renderSitemap', () => {
  it('escapes each URL and writes W3C datetimes; an index names the parts', () => {
    // Act
    const sitemap = renderSitemap([{ url: 'https://blog.example.com/?a=1&b=2', lastModified: new Date('2026-01-01T00:00:00Z') }, { url: 'https://blog.example.com/x/' }]);
    const index = renderSitemapIndex([{ url: 'https://blog.example.com/archive/2026/01/sitemap.xml', lastModified: new Date('2026-01-02T00:00:00Z') }]);

    // Assess
    expect(sitemap).toContain('<url><loc>https://blog.example.com/?a=1&amp;b=2</loc><lastmod>2026-01-01T00:00:00.000Z</lastmod></url>\n<url><loc>https://blog.example.com/x/</loc></url>');
    expect(index).toContain('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n<sitemap><loc>https://blog.example.com/archive/2026/01/sitemap.xml</loc><lastmod>2026-01-02T00:00:00.000Z</lastmod></sitemap>');
  });
});

describe('dates in the author\'s offset', () => {
  it.each([
    [480, '2026-03-05T00:30:00.000+08:00', 'Thu, 05 Mar 2026 00:30:00 +0800'],
    [-330, '2026-03-04T11:00:00.000-05:30', 'Wed, 04 Mar 2026 11:00:00 -0530'],
    [undefined, '2026-03-04T16:30:00.000Z', 'Wed, 04 Mar 2026 16:30:00 GMT'],
  ])('writes offset %p as the author wrote it, the same instant', (offset, rfc3339, rfc822) => {
    // Prepare
    const date = new Date('2026-03-04T16:30:00Z');

    // Act & Assess
    expect(rfc3339InOffset(date, offset)).toBe(rfc3339);
    expect(rfc822InOffset(date, offset)).toBe(rfc822);
    expect(Date.parse(rfc3339)).toBe(date.getTime());
    expect(Date.parse(rfc822)).toBe(date.getTime());
  });
});
