import { escapeXml, escapeXmlAttribute, xmlElement, xmlSafe, xmlText } from '../../../lambdas/site/xml';
import { parseXml } from '../../helpers/parseXml';

describe('xmlSafe', () => {
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

describe('XML writing', () => {
  it('escapes text and attributes so a strict parser reads back exactly what was written', () => {
    // Prepare
    const text = 'a < b && "c" \'d\' ]]> e\r\nf\tg';

    // Act
    const node = parseXml(xmlElement('root', { label: text }, xmlText('child', text)));

    // Assess
    expect(node.attributes.label).toBe(text);
    expect(node.children[0]!.text).toBe(text);
  });

  it('writes the fewest references in text and quotes in attributes', () => {
    // Act & Assess
    expect(escapeXml('<a href="x">&</a>')).toBe('&lt;a href="x"&gt;&amp;&lt;/a&gt;');
    expect(escapeXmlAttribute('"it\'s"\n')).toBe('&quot;it&apos;s&quot;&#10;');
  });

  it('leaves out undefined attributes and writes empty elements', () => {
    // Act & Assess
    expect(xmlElement('link', { rel: 'self', href: 'https://e.com/?a=1&b=2', type: undefined })).toBe('<link rel="self" href="https://e.com/?a=1&amp;b=2"/>');
  });
});
