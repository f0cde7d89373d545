import MarkdownIt from 'markdown-it';
import { linksIn } from '../../../lambdas/content/linksIn';

const markdown = new MarkdownIt({ html: true, linkify: true });

describe('linksIn', () => {
  it.each([
    ['a link', '[a](/x.png)', [{ href: '/x.png', line: 1 }]],
    ['an image after two soft breaks', 'one\ntwo\n![b](img/b.png)', [{ href: 'img/b.png', line: 3 }]],
    ['an autolink', 'see https://example.org/a', [{ href: 'https://example.org/a', line: 1 }]],
    ['raw HTML in a block', '\n\n<figure>\n<img src="/f.png">\n</figure>', [{ href: '/f.png', line: 4 }]],
    ['inline HTML with single quotes', 'text <a href=\'/y/\'>y</a>', [{ href: '/y/', line: 1 }]],
    ['an unquoted attribute', '<img src=/u.png>', [{ href: '/u.png', line: 1 }]],
    ['a reference-style link', '[r][1]\n\n[1]: /ref.png', [{ href: '/ref.png', line: 1 }]],
    ['code, which links nothing', '```\n[no](/code.png)\n```\n\n    [no](/indented.png)\n\n`[no](/inline.png)`', []],
  ])('finds %s, with its line', (_name, source, expected) => {
    expect(linksIn(markdown.parse(source, {}))).toEqual(expected);
  });
});
