import { ArticleError } from '../../../lambdas/content/errors';
import { parseFrontMatter } from '../../../lambdas/content/parseFrontMatter';

describe('parseFrontMatter', () => {
  it.each([
    ['YAML', '---\ntitle: Y\ndate: 2024-01-01\n---\nBody\n', 'yaml'],
    ['TOML', '+++\ntitle = "Y"\ndate = "2024-01-01"\n+++\nBody\n', 'toml'],
    ['Hugo JSON', '{\n  "title": "Y",\n  "date": "2024-01-01"\n}\nBody\n', 'json'],
    ['fenced JSON', '---json\n{"title": "Y", "date": "2024-01-01"}\n---\nBody\n', 'json'],
  ])('reads %s front matter and says where the body starts', (_name, text, format) => {
    // Act
    const split = parseFrontMatter(text, 'a.md');

    // Assess
    expect(split.format).toBe(format);
    expect(split.data).toEqual({ title: 'Y', date: '2024-01-01' });
    expect(split.body.trim()).toBe('Body');
    expect(text.split('\n')[split.bodyLine - 1]).toBe(split.body.split('\n')[0]);
  });

  it.each([
    ['trailing white space', '---\ntitle: Y\n--- \t\nBody'],
    ['the end of the file', '---\ntitle: Y\n---'],
    ['a blank front matter', '---\n---\nBody'],
  ])('finds the closing fence with %s', (_name, text) => {
    // Act & Assess
    expect(parseFrontMatter(text, 'a.md').format).toBe('yaml');
  });

  it('keeps YAML dates as the author wrote them', () => {
    // Act & Assess
    expect(parseFrontMatter('---\ndate: 2023-01-24T19:34:01+08:00\n---\n', 'a.md').data.date).toBe('2023-01-24T19:34:01+08:00');
  });

  it('treats a file without a front matter fence as all body', () => {
    // Act
    const split = parseFrontMatter('Title\n\n---\n\nText', 'a.md');

    // Assess
    expect(split).toMatchObject({ format: 'none', data: {}, bodyLine: 1, body: 'Title\n\n---\n\nText' });
  });

  it.each([
    ['unclosed YAML', '---\ntitle: x\n', 1, /never closed/],
    ['YAML closed only by a line with more on it', '---\ntitle: x\n--- more\n', 1, /never closed/],
    ['TOML closed only by YAML\'s fence', '+++\ntitle = "x"\n---\n', 1, /never closed by a "\+\+\+" line/],
    ['YAML syntax', '---\ntitle: x\n  bad: 1\n---\n', 3, /YAML front matter: bad indentation/],
    ['TOML syntax', '+++\ntitle = \n+++\n', 2, /TOML front matter/],
    ['JSON syntax', '{\n"title": "x",\n}\n', 2, /JSON front matter/],
    ['not a mapping', '---\n- a\n---\n', 2, /"field: value" pairs/],
  ])('rejects %s with the line', (_name, text, line, reason) => {
    // Act
    let error: unknown;
    try {
      parseFrontMatter(text, 'a.md');
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toBeInstanceOf(ArticleError);
    expect((error as ArticleError).line).toBe(line);
    expect((error as ArticleError).message).toMatch(reason);
  });
});
