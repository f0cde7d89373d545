import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Feed } from 'feed';
import { fixAtomEnclosureTypes, guardCdata, imageMediaType, toJsonFeed11, xmlSafe } from '../../../lambdas/site/feedWorkarounds';

// The defects these work around are in `feed` 6.0.0 itself; each test shows the library output goes wrong without the fix.
function rssWithTitle(title: string): string {
  const feed = new Feed({ id: 'https://e.com/', link: 'https://e.com/', title: 'T', copyright: '', updated: new Date(0) });
  feed.addItem({ title, link: 'https://e.com/a/', date: new Date(0) });
  return feed.rss2();
}

describe('guardCdata', () => {
  it('is needed: with feed 6.0.0 alone a second ]]> ends the CDATA section and garbles the text', () => {
    // Act
    const rss = rssWithTitle('a]]>b]]>c');

    // Assess
    expect(rss).toContain('<![CDATA[a]]]]><![CDATA[>b]]>c]]>');
    expect(new XMLParser().parse(rss).rss.channel.item.title).not.toBe('a]]>b]]>c');
  });

  it.each([
    ['none', 'plain text'],
    ['one', 'a]]>b'],
    ['two', 'a]]>b]]>c'],
    ['three', ']]>]]>]]>'],
    ['overlapping', 'x]]]>y]]]]>z'],
  ])('keeps the XML well-formed and the text intact with %s ]]>', (_name, text) => {
    // Act
    const rss = rssWithTitle(guardCdata(text));

    // Assess
    expect(XMLValidator.validate(rss)).toBe(true);
    expect(new XMLParser().parse(rss).rss.channel.item.title).toBe(text);
  });
});

describe('xmlSafe', () => {
  it('is needed: feed 6.0.0 passes control characters, which XML 1.0 forbids, into the document', () => {
    // Act & Assess
    expect(rssWithTitle('bell\u0001')).toContain('bell\u0001');
  });

  it.each([
    ['U+0001', 'a\u0001b', 'ab'],
    ['U+000B', 'a\u000Bb', 'ab'],
    ['U+FFFE', 'a\uFFFEb', 'ab'],
    ['a lone high surrogate', 'a\uD800b', 'ab'],
    ['a lone low surrogate', 'a\uDC00b', 'ab'],
    ['tab, newline and return', 'a\tb\nc\rd', 'a\tb\nc\rd'],
    ['an emoji (a valid surrogate pair)', 'ok 🎉', 'ok 🎉'],
  ])('handles %s', (_name, input, expected) => {
    // Act & Assess
    expect(xmlSafe(input)).toBe(expected);
  });
});

describe('imageMediaType', () => {
  it.each([
    ['https://e.com/a.jpg', 'image/jpeg'],
    ['https://e.com/a.JPEG', 'image/jpeg'],
    ['https://e.com/a.png', 'image/png'],
    ['https://e.com/a.gif', 'image/gif'],
    ['https://e.com/a.webp', 'image/webp'],
    ['https://e.com/a.svg', 'image/svg+xml'],
    ['https://e.com/a.avif', 'image/avif'],
    ['https://e.com/a.psd', undefined],
    ['https://e.com/image', undefined],
    ['https://e.com/a.png?size=large', 'image/png'],
  ])('%s is %s', (url, type) => {
    // Act & Assess
    expect(imageMediaType(url)).toBe(type);
  });
});

describe('fixAtomEnclosureTypes', () => {
  it('replaces the image/jpg that feed 6.0.0 writes with image/jpeg', () => {
    // Prepare
    const feed = new Feed({ id: 'https://e.com/', link: 'https://e.com/', title: 'T', copyright: '', updated: new Date(0) });
    feed.addItem({ title: 'A', link: 'https://e.com/a/', date: new Date(0), image: { url: 'https://e.com/a.jpg?x=1&y=2', length: 10, type: 'image/jpeg' } });
    const atom = feed.atom1();
    expect(atom).toContain('type="image/jpg"');

    // Act
    const fixed = fixAtomEnclosureTypes(atom, ['https://e.com/a.jpg?x=1&y=2']);

    // Assess
    expect(fixed).toContain('<link rel="enclosure" href="https://e.com/a.jpg?x=1&amp;y=2" type="image/jpeg" length="10"/>');
    expect(fixed).not.toContain('image/jpg"');
  });
});

describe('toJsonFeed11', () => {
  it('upgrades version, authors and language', () => {
    // Prepare
    const feed = new Feed({ id: 'https://e.com/', link: 'https://e.com/', title: 'T', copyright: '', updated: new Date(0), author: { name: 'Site' } });
    feed.addItem({ id: 'https://e.com/a/', title: 'A', link: 'https://e.com/a/', date: new Date(0), author: [{ name: 'Ann' }] });
    const json1 = JSON.parse(feed.json1());
    expect(json1.version).toBe('https://jsonfeed.org/version/1');
    expect(json1.author).toEqual({ name: 'Site' });

    // Act
    const json = JSON.parse(toJsonFeed11(feed.json1(), [{ name: 'Site', url: 'https://e.com/' }], new Map([['https://e.com/a/', [{ name: 'Ann' }]]]), 'en'));

    // Assess
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.language).toBe('en');
    expect(json.authors).toEqual([{ name: 'Site', url: 'https://e.com/' }]);
    expect(json.author).toBeUndefined();
    expect(json.items[0].authors).toEqual([{ name: 'Ann' }]);
    expect(json.items[0].author).toBeUndefined();
    expect(Object.keys(json).at(-1)).toBe('items');
  });
});
