import { renderMarkdown } from '../../../lambdas/content/renderMarkdown';

const BASE = 'https://blog.example.com/posts/a/';

describe('renderMarkdown', () => {
  it('renders footnotes with ids by label, as kramdown does, and by number when inline', () => {
    // Act
    const { html } = renderMarkdown('A[^note] and B^[inline].\n\n[^note]: The note.\n', BASE);

    // Assess
    expect(html).toContain('<sup class="footnote-ref"><a class="footnote-ref" href="https://blog.example.com/posts/a/#fn:note" id="fnref:note">[1]</a></sup>');
    expect(html).toContain('<li id="fn:note" class="footnote-item"><p>The note. <a href="https://blog.example.com/posts/a/#fnref:note" class="footnote-backref">');
    expect(html).toContain('<li id="fn:2" class="footnote-item"><p>inline');
  });

  it.each([
    ['GitHub-style', '## Hello, World!', '<h2 id="hello-world">Hello, World!</h2>'],
    ['with code and emphasis', '## The `npm ci` *step*', '<h2 id="the-npm-ci-step">The <code>npm ci</code> <em>step</em></h2>'],
    ['non-Latin letters kept', '## Über Größe', '<h2 id="über-größe">Über Größe</h2>'],
    ['a written {#id}', '## Setup {#install}', '<h2 id="install">Setup</h2>'],
    ['a written {#id .class}', '### Notes {#notes .wide}', '<h3 id="notes">Notes</h3>'],
  ])('gives headings ids: %s', (_name, source, expected) => {
    // Act & Assess
    expect(renderMarkdown(source, BASE).html.trim()).toBe(expected);
  });

  it('numbers repeated heading ids as Hugo and GitHub do', () => {
    // Act & Assess
    expect(renderMarkdown('## Notes\n\n## Notes\n\n## Notes\n', BASE).html).toMatch(/id="notes"[\s\S]*id="notes-1"[\s\S]*id="notes-2"/);
  });

  it('turns GitHub emoji names into emoji, nowhere else', () => {
    // Act
    const { html } = renderMarkdown(':tada: :+1: :smile: `:tada:` :no_such_emoji: 10:30:00 :)', BASE);

    // Assess
    expect(html).toBe('<p>🎉 👍 😄 <code>:tada:</code> :no_such_emoji: 10:30:00 :)</p>\n');
  });

  it('highlights a known language and leaves an unknown one plain', () => {
    // Act
    const { html } = renderMarkdown('```python\nx = "<b>"  # c\n```\n\n```klingon\nx <- 1\n```\n', BASE);

    // Assess
    expect(html).toBe('<pre><code class="language-python">x = <span class="hl-string">"&lt;b&gt;"</span>  <span class="hl-comment"># c</span>\n</code></pre>\n'
      + '<pre><code class="language-klingon">x &lt;- 1\n</code></pre>\n');
  });

  it('keeps table rows indented deeper than the header inside the table, as Goldmark does', () => {
    // Act
    const top = renderMarkdown('| a | b |\n|---|---|\n    | 1 | 2 |\n', BASE).html;
    const nested = renderMarkdown('- item\n\n  | a | b |\n      |---|---|\n      | 1 | 2 |\n', BASE).html;

    // Assess
    for (const html of [top, nested]) {
      expect(html).toContain('<td>1</td>');
      expect(html).not.toContain('<pre>');
    }
  });

  it('still reads a table-looking block indented as code as code', () => {
    // Act & Assess
    expect(renderMarkdown('    | a | b |\n    |---|---|\n    | 1 | 2 |\n', BASE).html).toContain('<pre><code>| a | b |');
  });

  it('shows reference links without a definition as their text, and names them', () => {
    // Act
    const rendered = renderMarkdown('See [#1037][] and [the docs][docs] and [known][].\n\n[known]: https://e.com/\n', BASE);

    // Assess
    expect(rendered.html).toBe('<p>See #1037 and the docs and <a href="https://e.com/">known</a>.</p>\n');
    expect(rendered.unresolvedReferences).toEqual(['[#1037][]', '[the docs][docs]']);
  });

  it('summarises from the first paragraph with text, never an opening image', () => {
    // Act & Assess
    expect(renderMarkdown('![cover](c.png)\n\nThe text.\n', BASE).firstParagraph).toBe('The text.');
    expect(renderMarkdown('[![badge](b.svg)](https://ci)\n\nThe text.\n', BASE).firstParagraph).toBe('The text.');
    expect(renderMarkdown('![only](c.png)\n', BASE).firstParagraph).toBeUndefined();
  });

  it('leaves headings out of the teaser before <!--more-->', () => {
    // Act & Assess
    expect(renderMarkdown('## Background\n\nThe teaser :tada:\n\n<!--more-->\n\nRest.\n', BASE).teaser).toBe('The teaser 🎉');
  });
});
