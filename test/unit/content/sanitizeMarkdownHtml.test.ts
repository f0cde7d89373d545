import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { random } from '../../../bench/generateArticles';
import { parseFrontMatter } from '../../../lambdas/content/parseFrontMatter';
import { renderMarkdown } from '../../../lambdas/content/renderMarkdown';
import { sanitizeHtml } from '../../../lambdas/content/sanitizeHtml';
import * as quick from '../../../lambdas/content/sanitizeMarkdownHtml';

const BASE = 'https://blog.example.com/posts/a/';

// Every construct markdown renders, with the characters escaping and URL handling care about.
const FRAGMENTS = [
  'Plain "quoted" text with \'apostrophes\' & ampersands < less > greater.',
  'AT&amp;T &copy; &nbsp; &#39; &quot; &#x27; &lt;tag&gt;',
  '*em* **strong** ~~struck~~ `code "q" \'a\' <b>`',
  '[rel](../other/) [abs](https://example.com/a?b=1&c=2 "Title \\"q\\" & more") [mail](mailto:a@b.c) [empty]() [frag](#top) [q](<a b>)',
  '![img](pic.png) ![](empty-alt.png "t") ![alt "q"](https://x.y/i.png)',
  '<https://auto.example/x> <someone@example.com> www.linkify.example and https://bare.example/path?x="y"',
  '## Heading "quoted" &amp; more\n\n## Heading {#custom-id}\n\n## 123',
  '```ts\nconst s: string = "x" + \'y\'; // <tag> & more\n```',
  '```python\nprint("hi") # \'c\'\n```',
  '```unknownlang\nplain "code" <x>\n```',
  '```c++\nint x = 1;\n```',
  '    indented "code" <x> & y',
  '| a | b | c |\n| :-- | :-: | --: |\n| 1 "q" | [l](x.html) | `c` |',
  '1. one\n2. two\n\n3) start three\n4) four',
  '- [ ] task\n- [x] done\n  - nested *em*',
  '> quote "q"\n> > nested',
  'A footnote[^1] and [^label] and ^[inline "note"].\n\n[^1]: Note one "q".\n[^label]: Labeled & more.',
  'Line with hard break  \nnext line\\\nanother',
  '***\n\n---\n\n___',
  '<!--more-->',
  'Inline <!-- comment --> here',
  'Reference [link][ref] and [missing][nope] and [collapsed][].\n\n[ref]: https://ref.example/ "Ref Title"',
  ':smile: :+1: :no_such: 10:30',
  'Unicode: Über Größe 日本語 🎉 and a zero-width\u200b space.',
  'Escapes: \\* \\_ \\` \\< \\& \\"',
  '[spaces](https://ex.com/a%20b) [unicode](https://ex.com/ü) [pct](https://ex.com/%zz) [ipv6](http://[::1]:80/p)',
  'Link [with `code` and **bold**](x/) and an image in a link [![i](i.png)](big.png)',
  '[weird](https://ex.com/"><script>) [ws]( https://ex.com/ws )',
];

// What sanitize-html drops or rewrites, which the quick path leaves to it.
const LEFT_TO_SANITIZE_HTML = [
  ['a scheme it drops', '[ftp](ftp://x.example/z) and [tel](tel:123)'],
  ['a code class it drops', '```{r}\nx <- 1\n```'],
  ['a data: image', '![dot](data:image/png;base64,AAAA)'],
  ['an empty heading id', '## …'],
];

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

// The HTML markdown-it rendered, as renderMarkdown hands it to the quick path.
function renderedBy(source: string, base = BASE): string[] {
  const spy = jest.spyOn(quick, 'sanitizeMarkdownHtml');
  try {
    renderMarkdown(source, base);
    return spy.mock.calls.map(([html]) => html);
  } finally {
    spy.mockRestore();
  }
}

describe('sanitizeMarkdownHtml', () => {
  it('gives sanitize-html\'s result byte for byte on whatever markdown renders to, mostly without it', () => {
    // Prepare: each fragment, the migration fixtures' articles, and 400 seeded mixes of fragments
    const next = random(7);
    const documents = [
      ...FRAGMENTS,
      ...markdownFiles(join(__dirname, '../../fixtures/migration/content')).map((path) => parseFrontMatter(readFileSync(path, 'utf8'), path).body),
      ...Array.from({ length: 400 }, () => Array.from({ length: 1 + Math.floor(next() * 8) }, () => FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]!).join(next() < 0.8 ? '\n\n' : '\n')),
    ];
    const bases = [BASE, 'https://b.example/x/y/'];

    // Act
    const results = documents.flatMap((source, i) => renderedBy(source, bases[i % 2]).map((html) => ({
      html,
      quick: quick.quickSanitize(html, bases[i % 2]!),
      full: sanitizeHtml(html, bases[i % 2]!),
    })));

    // Assess
    const taken = results.filter((r) => r.quick !== undefined);
    expect(taken.filter((r) => r.quick !== r.full)).toEqual([]);
    expect(taken.length).toBeGreaterThan(results.length * 0.9);
    expect(results.length).toBeGreaterThan(documents.length * 0.9); // most have no raw HTML, and come this way
  });

  it.each(FRAGMENTS.map((f) => [f]))('takes the quick path for %j', (source) => {
    // Act
    const [html] = renderedBy(source);

    // Assess
    expect(quick.quickSanitize(html!, BASE)).toBe(sanitizeHtml(html!, BASE));
  });

  it.each(LEFT_TO_SANITIZE_HTML)('leaves %s to sanitize-html', (_name, source) => {
    // Act
    const [html] = renderedBy(source);

    // Assess
    expect(quick.quickSanitize(html!, BASE)).toBeUndefined();
    expect(quick.sanitizeMarkdownHtml(html!, BASE)).toBe(sanitizeHtml(html!, BASE));
  });

  it.each([
    ['an element in a paragraph', 'A <span onclick="x()">span</span>.', true],
    ['an HTML block', '<div>\nblock\n</div>', true],
    ['a comment beside markup', '<!-- a --><b>b</b>', true],
    ['a comment holding markup', '<!-- <script>x()</script> -->', true],
    ['the more marker', 'Intro.\n\n<!--more-->\n\nRest.', false],
    ['a comment in a paragraph', 'A <!-- note --> b.', false],
    ['an autolink', '<https://example.com/>', false],
  ])('tells raw HTML (%s) from markdown', (_name, source, raw) => {
    // Prepare
    const spy = jest.spyOn(quick, 'sanitizeMarkdownHtml');

    // Act
    renderMarkdown(source, BASE);

    // Assess
    expect(spy).toHaveBeenCalledTimes(raw ? 0 : 1);
    spy.mockRestore();
  });
});
