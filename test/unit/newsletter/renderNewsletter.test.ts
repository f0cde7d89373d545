import { newsletterConfigFrom } from '../../../lambdas/config/newsletterConfig';
import { personalise, renderNewsletter, UNSUBSCRIBE_VARIABLE } from '../../../lambdas/newsletter/renderNewsletter';
import { makeArticle } from '../../fixtures/articleFactory';
import { testSite } from '../../helpers/siteFixture';

const site = testSite();
const config = (context: Record<string, unknown> = {}) => newsletterConfigFrom({ senderAddress: 'news@example.com', ...context }, site);
const richArticle = makeArticle({
  title: 'Templates {{ in }} titles',
  summary: 'What {{this}} does.',
  html: '<h2>Setting up</h2>\n<p>Write <code>{{ .Title }}</code> in a layout.</p>\n<pre><code>{{&lt; figure src="a.png" &gt;}}\n</code></pre>\n<p><img src="https://blog.example.com/posts/first-post/a.png" alt="A"></p>\n<table><tr><th style="text-align:center">k</th></tr></table>\n',
  image: 'https://blog.example.com/posts/first-post/cover.png',
});

describe('renderNewsletter', () => {
  it('puts the configured prefix before the title in the subject', () => {
    // Act
    const { subject } = renderNewsletter(site, config({ newsletterSubjectPrefix: '[Notes] ' }), makeArticle());

    // Assess
    expect(subject).toBe('[Notes] First Post');
  });

  it('renders responsive HTML with inline styles, dark-mode support, a preheader and a footer with the unsubscribe variable', () => {
    // Act
    const { html } = renderNewsletter(site, config(), richArticle);

    // Assess
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toContain('max-width:600px');
    expect(html).toMatch(/<div style="display:none;[^"]*">What &#123;\{this}} does\./);
    expect(html).toMatch(/<pre style="[^"]*white-space:pre-wrap/);
    expect(html).toMatch(/<img src="https:\/\/blog\.example\.com\/posts\/first-post\/a\.png" alt="A" style="max-width:100%;height:auto;border:0" \/>/);
    expect(html).toContain('<th style="border:1px solid rgba(127,127,127,0.4);padding:6px 8px;text-align:left;text-align:center">');
    expect(html).toContain(`<a href="${richArticle.url}" style="color:#1a66d2;text-decoration:underline">Read on the web</a>`);
    expect(html).toContain('<img src="https://blog.example.com/posts/first-post/cover.png"');
    expect(html).toContain('You get this email because you subscribed to new articles from');
    expect(html).toContain(`<a href="${UNSUBSCRIBE_VARIABLE}"`);
  });

  it('keeps the author\'s own "{{" away from the template engine in every part', () => {
    // Act
    const { subject, html, text } = renderNewsletter(site, config(), richArticle);

    // Assess: the unsubscribe variable is the only "{{" left
    for (const part of [subject, html, text]) expect(part.replaceAll(UNSUBSCRIBE_VARIABLE, '')).not.toContain('{{');
    expect(html).toContain('&#123;{ .Title }}');
    expect(text).toContain('{\u200b{ .Title }}');
    expect(subject).toBe('Templates {\u200b{ in }} titles');
  });

  it('writes a plain-text part that reads well: title, date, link, the article as text and how to leave', () => {
    // Act
    const { text } = renderNewsletter(site, config(), makeArticle({ html: '<h2>Part one</h2>\n<p>Some <a href="https://example.com/x">linked</a> words.</p>\n<ul><li>one</li><li>two</li></ul>\n' }));

    // Assess
    expect(text).toBe([
      'First Post',
      '5 January 2026',
      'https://blog.example.com/posts/first-post/',
      '',
      'Part one',
      '',
      'Some linked [https://example.com/x] words.',
      '',
      ' * one',
      ' * two',
      '',
      '-- ',
      'You get this email because you subscribed to new articles from Test Site (https://blog.example.com/).',
      `Unsubscribe with one click: ${UNSUBSCRIBE_VARIABLE}`,
      '',
    ].join('\n'));
  });

  it('sends the summary and a link instead of the article when configured', () => {
    // Act
    const { html, text } = renderNewsletter(site, config({ newsletterContent: 'summary' }), makeArticle());

    // Assess
    expect(html).not.toContain('<strong>HTML</strong>');
    expect(html).toContain('A short summary.');
    expect(html).toContain('Read the whole article →');
    expect(text).toContain('A short summary.\n\nRead the whole article:\nhttps://blog.example.com/posts/first-post/');
  });

  it('falls back to the summary when the whole article would be clipped by Gmail', () => {
    // Prepare
    const huge = makeArticle({ html: `<p>${'word '.repeat(20_000)}</p>` });

    // Act
    const { html } = renderNewsletter(site, config({ newsletterContent: 'full' }), huge);

    // Assess
    expect(Buffer.byteLength(html)).toBeLessThan(20_000);
    expect(html).toContain('Read the whole article →');
  });
});

describe('personalise', () => {
  it('fills in one recipient\'s unsubscribe URL, escaped in HTML', () => {
    // Prepare
    const newsletter = renderNewsletter(site, config(), makeArticle());

    // Act
    const mail = personalise(newsletter, 'https://blog.example.com/api/unsubscribe?token=a&b');

    // Assess
    expect(mail.subject).toBe(newsletter.subject);
    expect(mail.html).toContain('href="https://blog.example.com/api/unsubscribe?token=a&amp;b"');
    expect(mail.text).toContain('Unsubscribe with one click: https://blog.example.com/api/unsubscribe?token=a&b');
    expect(mail.html).not.toContain(UNSUBSCRIBE_VARIABLE);
  });
});
