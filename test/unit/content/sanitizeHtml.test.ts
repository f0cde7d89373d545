import sanitize from 'sanitize-html';
import { ARTICLE_TAGS } from '../../../lambdas/content/sanitizeHtml';

describe('sanitizeHtml', () => {
  it('allows every element sanitize-html allows by default, and images, edits and details', () => {
    // Assess
    expect(ARTICLE_TAGS).toEqual([...sanitize.defaults.allowedTags, 'img', 'del', 'ins', 'details', 'summary']);
  });

  it('loads sanitize-html only when an article has raw HTML', () => {
    // Prepare
    let loads = 0;
    jest.isolateModules(() => {
      jest.doMock('sanitize-html', () => {
        loads++;
        return jest.requireActual('sanitize-html');
      });
      const { renderMarkdown } = require('../../../lambdas/content/renderMarkdown') as typeof import('../../../lambdas/content/renderMarkdown');

      // Act
      renderMarkdown('Intro with a [link](x/).\n\n<!--more-->\n\n```ts\nconst a = 1;\n```\n', 'https://blog.example.com/posts/a/');
      const before = loads;
      const { html } = renderMarkdown('<p onclick="x()">Raw</p>\n', 'https://blog.example.com/posts/a/');

      // Assess
      expect(before).toBe(0);
      expect(loads).toBe(1);
      expect(html).toBe('<p>Raw</p>\n');
    });
  });
});
