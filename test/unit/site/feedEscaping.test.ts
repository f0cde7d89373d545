import fc from 'fast-check';
import type { Article } from '../../../lambdas/content/article';
import { parseArticle } from '../../../lambdas/content/parseArticle';
import { buildFeeds } from '../../../lambdas/site/buildFeeds';
import { escapeHtml } from '../../../lambdas/site/escapeHtml';
import { xmlSafe } from '../../../lambdas/site/xml';
import { childNamed, childrenNamed, parseXml, type XmlNode } from '../../helpers/parseXml';
import { FIXED_FIRST_SEEN, testSite } from '../../helpers/siteFixture';

// Whatever reaches a feed from front matter: markup characters, CDATA's end, XML-illegal
// controls, lone surrogates, non-characters, line separators, astral characters.
const AWKWARD = ['<', '>', '&', '"', "'", ']]>', '&amp;', '<![CDATA[', '\u0000', '\u0001', '\u0008', '\u000B', '\u001F', '\t', '\r', '\n', '\r\n', '\uD800', '\uDFFF', '\uFFFE', '\uFFFF', '\u2028', '\u0085', '🎉', ' '];
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...AWKWARD), maxLength: 12 }),
  fc.string({ unit: fc.oneof(fc.constantFrom(...AWKWARD), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 })), maxLength: 20 }),
);
// Text that survives front matter's own trimming and is not empty.
const hostileText = hostile.map((s) => `T${s}x`);
// A body: a NUL byte rightly makes the file binary and rejected, so the body has none.
const hostileBody = hostile.map((s) => s.replaceAll('\u0000', ''));

interface FrontMatterFields {
  title: string;
  subtitle: string;
  description: string;
  tags: string[];
  categories: string[];
  author: { name: string; url: string };
  featuredImage: string;
  canonicalURL: string;
  lang?: string;
}

const fields: fc.Arbitrary<FrontMatterFields> = fc.record({
  title: hostileText,
  subtitle: hostileText,
  description: hostileText,
  tags: fc.array(hostileText, { maxLength: 3 }),
  categories: fc.array(hostileText, { maxLength: 2 }),
  // URLs keep their own rules; what is random is what their query carries into attributes.
  author: fc.record({ name: hostileText, url: hostile.map((s) => `https://author.example/?q=${s}&x='1'`) }),
  featuredImage: hostile.map((s) => `cover.png?v=${s}&w="2"`),
  canonicalURL: hostile.map((s) => `https://elsewhere.example/p?a=${s}&b=<c>`),
  lang: fc.option(fc.constantFrom('de', 'pt-BR', 'zh-Hant-TW'), { nil: undefined }),
}, { requiredKeys: ['title', 'subtitle', 'description', 'tags', 'categories', 'author', 'featuredImage', 'canonicalURL'] });

// JSON front matter: any string, lone surrogates included, survives as an escape.
function articleFrom(front: FrontMatterFields, body: string): Article {
  const text = `---json\n${JSON.stringify({ ...front, date: '2026-01-05T10:00:00Z' })}\n---\n${body}\n`;
  return parseArticle({ key: 'posts/hostile.md', bytes: Buffer.from(text, 'utf8') }, { site: testSite(), firstSeen: FIXED_FIRST_SEEN }).article;
}

function texts(nodes: readonly XmlNode[]): string[] {
  return nodes.map((n) => n.text);
}

describe('feed escaping (property-based)', () => {
  it('keeps RSS, Atom and JSON Feed well-formed and every front matter value intact, for any text', () => {
    fc.assert(
      fc.property(fields, hostileBody, (front, body) => {
        // Prepare
        const article = articleFrom(front, body);
        const feeds = buildFeeds(testSite(), [article], new Map([[article.image!, 1234]]));

        // Act: a strict XML 1.0 parser throws on anything malformed
        const rss = childNamed(childNamed(parseXml(feeds.rss), 'channel'), 'item');
        const atom = childNamed(parseXml(feeds.atom), 'entry');
        const json = (JSON.parse(feeds.json) as { items: Record<string, unknown>[] }).items[0]!;

        // Assess: what a reader gets is what the author wrote, less the characters XML cannot carry
        const names = [...new Set([...article.categories, ...article.tags])];
        expect(childNamed(rss, 'title').text).toBe(xmlSafe(article.title));
        expect(childNamed(atom, 'title').text).toBe(xmlSafe(article.title));
        expect(json.title).toBe(article.title);
        expect(childNamed(rss, 'description').text).toBe(escapeHtml(xmlSafe(article.summary)));
        expect(childNamed(atom, 'summary').text).toBe(xmlSafe(article.summary));
        expect(childNamed(rss, 'content:encoded').text).toBe(xmlSafe(json.content_html as string));
        expect(childNamed(atom, 'content').text).toBe(xmlSafe(json.content_html as string));
        expect(json.content_html).toContain(escapeHtml(article.subtitle!));
        expect(texts(childrenNamed(rss, 'category'))).toEqual(names.map(xmlSafe));
        expect(childrenNamed(atom, 'category').map((c) => [c.attributes.term, c.attributes.label])).toEqual(names.map((n) => [xmlSafe(n), xmlSafe(n)]));
        expect(json.tags ?? []).toEqual(names);
        expect(texts(childrenNamed(rss, 'dc:creator'))).toEqual([xmlSafe(article.authors[0]!.name)]);
        const atomAuthor = childNamed(atom, 'author');
        expect([childNamed(atomAuthor, 'name').text, childNamed(atomAuthor, 'uri').text]).toEqual([xmlSafe(article.authors[0]!.name), article.authors[0]!.url]);
        expect(childNamed(rss, 'enclosure').attributes.url).toBe(article.image);
        expect(childrenNamed(atom, 'link').map((l) => l.attributes.href)).toEqual([article.url, article.image]);
        expect(atom.attributes['xml:lang']).toBe(article.lang);
        expect(json.language).toBe(article.lang);
      }),
      { numRuns: 300 },
    );
  });

  it('turns a tag with "<" into an escaped attribute, never raw markup', () => {
    // Act
    const feeds = buildFeeds(testSite(), [articleFrom({ title: 'Generics', subtitle: 's', description: 'd', tags: ['List<T>'], categories: [], author: { name: 'A', url: 'https://a.example/' }, featuredImage: 'c.png', canonicalURL: 'https://a.example/' }, 'Body')], new Map());

    // Assess
    expect(feeds.atom).toContain('<category term="List&lt;T&gt;" label="List&lt;T&gt;"/>');
    expect(childNamed(parseXml(feeds.atom), 'entry').children.find((c) => c.name === 'category')!.attributes.term).toBe('List<T>');
  });
});
