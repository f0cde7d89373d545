import MarkdownIt, { type MarkdownIt as Markdown } from 'markdown-it';
import { linkifyPrefilter } from '../../../lambdas/content/linkifyPrefilter';

// Texts with and without links of every kind linkify-it knows, and prose around them.
const TEXTS = [
  'Plain prose. Two sentences, no links at all; nothing to find here!',
  'See https://example.com/a?b=1 and http://x.example/ and ftp://files.example/f.',
  'Protocol-relative //cdn.example.com/lib.js and a comment // not a link.',
  'Mail me: someone@example.com, or mailto:other@example.org.',
  'Bare domains example.com, www.example.org, пример.рф and xn--80ak6aa92e.com.',
  'An IP 192.168.1.1 and localhost:8080 and version 1.2.3.',
  'Times 10:30, ratios 3:2, e.g. this, Node.js and file.md.',
  'Inside *emphasis https://em.example/* and `code https://code.example/` and [a link](https://md.example/).',
  'Ends with a URL https://end.example',
  'Unicode ：colon and ＠at and a dot.\nnewline www.\nnext',
];

function markdown(fuzzyLink: boolean, prefilter: boolean): Markdown {
  const md = new MarkdownIt({ linkify: true });
  md.linkify.set({ fuzzyLink });
  if (prefilter) md.use(linkifyPrefilter);
  return md;
}

describe('linkifyPrefilter', () => {
  it.each([false, true])('links exactly what linkify-it links (fuzzy links %s)', (fuzzyLink) => {
    // Prepare
    const plain = markdown(fuzzyLink, false);
    const filtered = markdown(fuzzyLink, true);

    // Act & Assess
    for (const text of [...TEXTS, TEXTS.join('\n\n'), TEXTS.join(' ')]) expect(filtered.render(text)).toBe(plain.render(text));
    expect(filtered.render(TEXTS[1]!)).toContain('<a href="https://example.com/a?b=1">');
  });

  it('does not scan prose that cannot hold a link', () => {
    // Prepare
    const md = new MarkdownIt({ linkify: true });
    const scan = jest.spyOn(md.linkify, 'test');
    md.use(linkifyPrefilter);

    // Act
    md.render(`${TEXTS[0]}\n\nA [link](https://md.example/) and *emphasis*. More prose.`);

    // Assess: only the second paragraph, whose source holds the link's URL
    expect(scan.mock.calls.map(([text]) => text)).toEqual(['A [link](https://md.example/) and *emphasis*. More prose.']);
  });
});
