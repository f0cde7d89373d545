import { expandShortcodes, type ShortcodeContext } from '../../../lambdas/content/expandShortcodes';

function ctx(overrides: Partial<ShortcodeContext> = {}): ShortcodeContext {
  return {
    file: 'posts/a.md',
    firstLine: 5,
    siteUrl: 'https://blog.example.com/',
    siteValues: { url: 'https://blog.example.com', baseurl: 'https://blog.example.com', title: 'The Blog', repository: 'ada/notes', github: { repository_url: 'https://github.com/ada/notes' } },
    pageValues: { title: 'A post', tags: ['a', 'b'], version: '1.2', params: { colour: 'blue' } },
    postUrl: (ref) => (ref.includes('missing') ? undefined : `https://blog.example.com/posts/${ref.split('/').pop()!.replace(/\.md$/, '').replace(/^\d{4}-\d{2}-\d{2}-/, '')}/`),
    ...overrides,
  };
}

describe('expandShortcodes', () => {
  it.each([
    ['youtube positional', '{{< youtube dQw4w9WgXcQ >}}', '[Watch on YouTube](https://www.youtube.com/watch?v=dQw4w9WgXcQ)'],
    ['youtube named', '{{< youtube id="abc" >}}', '[Watch on YouTube](https://www.youtube.com/watch?v=abc)'],
    ['vimeo', '{{< vimeo 146022717 >}}', '[Watch on Vimeo](https://vimeo.com/146022717)'],
    ['tweet with user', '{{< tweet user="jack" id="20" >}}', '[View the post on X](https://x.com/jack/status/20)'],
    ['legacy tweet', '{{% tweet 20 %}}', '[View the post on X](https://x.com/i/status/20)'],
    ['ref', '[see]({{< ref "posts/other.md" >}})', '[see](https://blog.example.com/posts/other/)'],
    ['Liquid post_url', '{% post_url 2010-07-21-name %}', 'https://blog.example.com/posts/name/'],
    ['Liquid link', '{% link _posts/2016-07-26-name.md %}', 'https://blog.example.com/posts/name/'],
    ['site.url with a filter', '{{ site.url | absolute_url }}/feed.xml', 'https://blog.example.com/feed.xml'],
    ['site.title', '{{ site.title }}', 'The Blog'],
    ['whitespace control', '{%- post_url 2010-07-21-name -%}', 'https://blog.example.com/posts/name/'],
    ['Hugo escape', '{{</* figure src="x" */>}}', '{{< figure src="x" >}}'],
    ['a lone {{ in prose', 'Use {{ 1 + 1 }} or {{', 'Use {{ 1 + 1 }} or {{'],
    ['vimeo_simple', '{{< vimeo_simple 55073825 >}}', '[Watch on Vimeo](https://vimeo.com/55073825)'],
    ['twitter_simple', '{{< twitter_simple user="jack" id="20" >}}', '[View the post on X](https://x.com/jack/status/20)'],
    ['instagram', '{{< instagram BWNjjyYFxVx hidecaption >}}', '[View the post on Instagram](https://www.instagram.com/p/BWNjjyYFxVx/)'],
    ['gist', '{{< gist spf13 7896402 >}}', '[View the gist on GitHub](https://gist.github.com/spf13/7896402)'],
    ['gist with a file', '{{< gist spf13 7896402 "img.html" >}}', '[View img.html on GitHub](https://gist.github.com/spf13/7896402#file-img-html)'],
    ['param from the front matter', '{{< param version >}} {{< param "Title" >}}', '1.2 A post'],
    ['param from front matter params', '{{< param colour >}}', 'blue'],
    ['param from the site values', '{{< param repository >}}', 'ada/notes'],
    ['details', '{{< details summary="More" >}}\n**Hidden** text\n{{< /details >}}', '\n\n<details>\n<summary>More</summary>\n\n**Hidden** text\n\n</details>\n\n'],
    ['a Hugo comment', 'a{{% comment %}}secret{{% /comment %}}b', 'ab'],
    ['ref with an anchor', '{{< ref "posts/other.md#setup" >}}', 'https://blog.example.com/posts/other/#setup'],
    ['a same-page ref', '{{< ref "#setup" >}}', '#setup'],
    ['site values by dotted name', '{{ site.github.repository_url }}/issues', 'https://github.com/ada/notes/issues'],
    ['page values', '{{ page.title | upcase }} ({{ page.tags }})', 'A POST (a, b)'],
    ['a string with relative_url', '![logo]({{ "/img/logo.png" | relative_url }})', '![logo](https://blog.example.com/img/logo.png)'],
    ['a string with absolute_url', "{{ 'about/' | absolute_url }}", 'https://blog.example.com/about/'],
    ['escape', '{{ site.title | escape }}', 'The Blog'],
  ])('renders %s', (_name, input, expected) => {
    // Act
    const { markdown, warnings } = expandShortcodes(input, ctx());

    // Assess
    expect(markdown).toBe(expected);
    expect(warnings).toEqual([]);
  });

  it('renders highlight blocks as fenced code with their text untouched', () => {
    // Prepare
    const input = 'Before\n{{< highlight go >}}\nfmt.Println("{{< not a shortcode >}}")\n{{< /highlight >}}\nAfter\n{% highlight ruby linenos %}\nputs "#{x}"\n{% endhighlight %}\n';

    // Act
    const { markdown, warnings } = expandShortcodes(input, ctx());

    // Assess
    expect(markdown).toBe('Before\n```go\nfmt.Println("{{< not a shortcode >}}")\n```\nAfter\n```ruby\nputs "#{x}"\n```\n');
    expect(warnings).toEqual([]);
  });

  it('renders a figure as escaped HTML with its caption and link', () => {
    // Act
    const { markdown } = expandShortcodes('{{< figure src="a b.png" alt="A & B" caption="<Caption>" link="https://e.com/" >}}', ctx());

    // Assess
    expect(markdown).toBe('\n\n<figure><a href="https://e.com/"><img src="a b.png" alt="A &amp; B"></a><figcaption>&lt;Caption&gt;</figcaption></figure>\n\n');
  });

  it('keeps raw blocks verbatim and removes comments', () => {
    // Act
    const { markdown } = expandShortcodes('{% raw %}{{ page.title }}{% endraw %}|{% comment %}secret {{ x }}{% endcomment %}|', ctx());

    // Assess
    expect(markdown).toBe('{{ page.title }}||');
  });

  it('leaves fenced code and inline code alone', () => {
    // Prepare
    const input = '```\n{{< youtube a >}}\n{% include x.html %}\n```\n\n`{{< vimeo 1 >}}` and ``{% if %}``\n\n~~~~\n{{ site.url }}\n~~~~\n';

    // Act
    const { markdown, warnings } = expandShortcodes(input, ctx());

    // Assess
    expect(markdown).toBe(input);
    expect(warnings).toEqual([]);
  });

  it.each([
    ['raw markers in inline code, as Jekyll consumes them', '`{% raw %}{{ layout }}{% endraw %}`', '`{{ layout }}`'],
    ['raw markers in a fence', '```liquid\n{%- raw -%}\n{{ page.title }}\n{% endraw %}\n```\n', '```liquid\n\n{{ page.title }}\n\n```\n'],
    ['a Hugo escape in a fence, as Hugo shows it', '```go-html-template\n{{</* figure src="a.png" */>}}\n{{%/* note */%}}\n```\n', '```go-html-template\n{{< figure src="a.png" >}}\n{{% note %}}\n```\n'],
    ['a Hugo escape in inline code', 'Write `{{</* youtube id */>}}`.', 'Write `{{< youtube id >}}`.'],
  ])('removes %s', (_name, input, expected) => {
    // Act
    const { markdown, warnings } = expandShortcodes(input, ctx());

    // Assess
    expect(markdown).toBe(expected);
    expect(warnings).toEqual([]);
  });

  it('drops unsupported tags with a warning naming the file line, keeping the text inside a pair', () => {
    // Prepare
    const input = 'Line one\n{{< notice warning >}}\nCareful.\n{{< /notice >}}\n{% include footer.html %}\n{{ page.author }}\n{% if x %}kept{% endif %}';

    // Act
    const { markdown, warnings } = expandShortcodes(input, ctx());

    // Assess
    expect(markdown).toBe('Line one\n\nCareful.\n\n\n\nkept');
    expect(warnings).toEqual([
      { file: 'posts/a.md', line: 6, message: 'unsupported Hugo shortcode "notice" dropped' },
      { file: 'posts/a.md', line: 9, message: 'unsupported Liquid tag "include" dropped' },
      { file: 'posts/a.md', line: 10, message: 'unsupported Liquid output "page.author" dropped' },
      { file: 'posts/a.md', line: 11, message: 'Liquid "if" tag dropped; the text around it is kept' },
      { file: 'posts/a.md', line: 11, message: 'Liquid "endif" tag dropped; the text around it is kept' },
    ]);
  });

  it('never lets template syntax through outside code', () => {
    // Prepare
    const input = '{{< gist user 123 >}} {{% details "x" %}}y{{% /details %}} {% assign a = 1 %} {{ content }} {{< figure src="z"\n\nnext';

    // Act
    const { markdown } = expandShortcodes(input, ctx());

    // Assess
    expect(markdown).not.toMatch(/\{\{[<%]|\{%|\{\{\s*\w/);
  });

  it('warns about an unterminated tag and an unclosed highlight block', () => {
    // Act
    const unterminated = expandShortcodes('{{< figure src="x"\n\nrest', ctx());
    const unclosed = expandShortcodes('{{< highlight js >}}\nlet a;\n', ctx());

    // Assess
    expect(unterminated.markdown).toBe('\n\nrest');
    expect(unterminated.warnings[0]!.message).toMatch(/unterminated template tag/);
    expect(unclosed.markdown).toBe('```js\nlet a;\n```');
    expect(unclosed.warnings[0]!.message).toMatch(/"highlight" is never closed/);
  });

  it('links a post reference that cannot be resolved where the post would be', () => {
    // Act
    const { markdown, warnings } = expandShortcodes('[x]({% post_url missing-post %})', ctx());

    // Assess
    expect(markdown).toBe('[x](https://blog.example.com/posts/missing-post/)');
    expect(warnings).toEqual([]); // the build's check of local links warns, once for every kind of dead link
  });

  it('drops a for loop with its body, and names site values it does not have', () => {
    // Prepare
    const input = 'Before\n{% for i in page.issues %}\n[#{{ i }}]: https://e.com/{{ i }}\n{% endfor %}\nBy {{ site.maintainer }}.';

    // Act
    const { markdown, warnings } = expandShortcodes(input, ctx());

    // Assess
    expect(markdown).toBe('Before\n\nBy .');
    expect(warnings).toEqual([
      { file: 'posts/a.md', line: 6, message: 'Liquid "for" block dropped with its content' },
      { file: 'posts/a.md', line: 9, message: 'Liquid output "site.maintainer" dropped: the site has no value "maintainer" (give it in the "siteValues" setting)' },
    ]);
  });

  it('warns about a param set nowhere and a filter it does not know', () => {
    // Act
    const { markdown, warnings } = expandShortcodes('{{< param missing >}}{{ site.title | date: "%Y" }}', ctx());

    // Assess
    expect(markdown).toBe('The Blog');
    expect(warnings.map((w) => w.message)).toEqual([
      'param "missing" is set neither in the front matter nor in the site values ("siteValues" setting); dropped',
      'Liquid filter "date" ignored on "site.title"',
    ]);
  });

  it('links a dead file reference where the file would be', () => {
    // Act
    const { markdown, warnings } = expandShortcodes('{% link missing/report.pdf %}', ctx());

    // Assess
    expect(markdown).toBe('https://blog.example.com/missing/report.pdf');
    expect(warnings).toEqual([]);
  });

  it('returns text without template syntax as it is', () => {
    // Prepare
    const input = 'Plain *markdown* with {braces} and 100% fun.';

    // Act & Assess
    expect(expandShortcodes(input, ctx())).toEqual({ markdown: input, warnings: [] });
  });
});
