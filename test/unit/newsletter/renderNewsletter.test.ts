import { newsletterConfigFrom } from '../../../lambdas/config/newsletterConfig';
import { articleText, personalise, renderNewsletter } from '../../../lambdas/newsletter/renderNewsletter';
import { PREFERENCES_VARIABLE, UNSUBSCRIBE_VARIABLE } from '../../../lambdas/newsletter/mailTemplate';
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

  it('renders responsive HTML with inline styles, dark-mode colours, a hidden preheader and a footer with the unsubscribe variable', () => {
    // Act
    const { html } = renderNewsletter(site, config(), richArticle);

    // Assess
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toMatch(/@media \(prefers-color-scheme:dark\)\{\.hd-bg\{background:#161618 !important\}/);
    expect(html).toContain('max-width:600px;table-layout:fixed');
    expect(html).toMatch(/<div style="display:none;[^"]*mso-hide:all">What &#123;\{this}} does\./);
    expect(html).toMatch(/<img src="https:\/\/blog\.example\.com\/posts\/first-post\/a\.png" alt="A" style="max-width:100%;height:auto;border:0" \/>/);
    expect(html).toContain(`<a class="hd-link" href="${richArticle.url}" style="color:#0b57d0;text-decoration:underline">Read on the web</a>`);
    expect(html).toContain('<img src="https://blog.example.com/posts/first-post/cover.png"');
    expect(html).toContain('You get this email because you subscribed to new articles from');
    expect(html).toContain(`href="${UNSUBSCRIBE_VARIABLE}"`);
  });

  it('scrolls tables and code inside their own box, code on its own lines, in one typeface', () => {
    // Act
    const { html } = renderNewsletter(site, config(), richArticle);

    // Assess
    expect(html).toContain('<div style="overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%;margin:0 0 16px"><table style="border-collapse:collapse');
    expect(html).toContain('</table></div>');
    expect(html).toMatch(/<th style="[^"]*text-align:left[^"]*;text-align:center"/);
    expect(html).toMatch(/<pre style="[^"]*white-space:pre;[^"]*overflow-x:auto" class="hd-code">/);
    expect(html).not.toContain('pre-wrap');
    expect(html).not.toMatch(/Georgia|[^-]serif/);
  });

  it('shows the featured image once when the body already starts with it', () => {
    // Prepare
    const image = 'https://blog.example.com/posts/first-post/cover.png';
    const article = makeArticle({ image, html: `<p><img src="${image}" alt="Cover"></p>\n<p>Text.</p>\n` });

    // Act
    const { html } = renderNewsletter(site, config(), article);

    // Assess
    expect(html.split(`src="${image}"`)).toHaveLength(2);
  });

  it('puts the postal address in the footer when one is set, and only then', () => {
    // Act
    const withAddress = renderNewsletter(site, config({ postalAddress: 'Field Notes, 1 Main St, Springfield' }), makeArticle());
    const without = renderNewsletter(site, config(), makeArticle());

    // Assess
    expect(withAddress.html).toContain('Field Notes, 1 Main St, Springfield</p>');
    expect(withAddress.text).toMatch(/Unsubscribe with one click: \{\{unsubscribeUrl}}\nField Notes, 1 Main St, Springfield\n$/);
    expect(without.html).not.toContain('Springfield');
  });

  it('writes the subject on one line whatever line breaks the title holds', () => {
    // Act
    const { subject } = renderNewsletter(site, config({ newsletterSubjectPrefix: '[N] ' }), makeArticle({ title: 'Line one\r\nBcc: x@example.com\u2028end' }));

    // Assess
    expect(subject).toBe('[N] Line one Bcc: x@example.com end');
  });

  it('keeps the author\'s own "{{" away from the template engine in every part, with nothing hidden in the text', () => {
    // Act
    const newsletter = renderNewsletter(site, config(), richArticle);
    const mail = personalise(newsletter, { unsubscribeUrl: 'https://blog.example.com/api/unsubscribe?token=t', preferencesUrl: 'https://blog.example.com/api/preferences?token=p' });

    // Assess: the template variables are the only "{{" left, and each recipient gets exactly the author's braces
    for (const part of [newsletter.subject, newsletter.html, newsletter.text]) expect(part.replaceAll(UNSUBSCRIBE_VARIABLE, '').replaceAll(PREFERENCES_VARIABLE, '').replaceAll('{{lbrace}}', '')).not.toContain('{{');
    expect(newsletter.html).toContain('&#123;{ .Title }}');
    expect(mail.text).toContain('{{ .Title }}');
    expect(mail.text).toContain('{{< figure src="a.png" >}}');
    expect(mail.subject).toBe('Templates {{ in }} titles');
    expect(mail.text).not.toMatch(/[\u200b-\u200d\ufeff]/);
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
      'Choose what you get: {{preferencesUrl}}',
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
  it('fills in one recipient\'s unsubscribe and preference page URLs, escaped in HTML', () => {
    // Prepare
    const newsletter = renderNewsletter(site, config(), makeArticle());

    // Act
    const mail = personalise(newsletter, { unsubscribeUrl: 'https://blog.example.com/api/unsubscribe?token=a&b', preferencesUrl: 'https://blog.example.com/api/preferences?token=c&d' });

    // Assess
    expect(mail.subject).toBe(newsletter.subject);
    expect(mail.html).toContain('href="https://blog.example.com/api/unsubscribe?token=a&amp;b"');
    expect(mail.html).toMatch(/href="https:\/\/blog\.example\.com\/api\/preferences\?token=c&amp;d"[^>]*>Choose what you get<\/a>/);
    expect(mail.text).toContain('Unsubscribe with one click: https://blog.example.com/api/unsubscribe?token=a&b');
    expect(mail.text).toContain('Choose what you get: https://blog.example.com/api/preferences?token=c&d\n');
    expect(mail.html).not.toContain(UNSUBSCRIBE_VARIABLE);
    expect(mail.html).not.toContain(PREFERENCES_VARIABLE);
  });
});

describe('articleText', () => {
  it('lays a table out as aligned columns, a row a line', () => {
    // Prepare
    const html = '<table><thead><tr><th>Month</th><th>Articles</th><th>Readers</th></tr></thead><tbody><tr><td>July</td><td>3</td><td>980</td></tr><tr><td>August</td><td>4</td><td>1,204</td></tr></tbody></table>';

    // Act
    const text = articleText(html);

    // Assess
    expect(text.split('\n').map((line) => line.trimEnd())).toEqual([
      'Month    Articles   Readers',
      'July     3          980',
      'August   4          1,204',
    ]);
  });

  it('keeps code exactly as written: its lines, indentation and braces, however long', () => {
    // Prepare
    const code = 'function render(site) {\n  return `${site.title}: {{ .Params.very_long_parameter_name_that_goes_past_seventy_two_columns }}`;\n}';
    const html = `<p>Before.</p>\n<pre><code>${code.replace(/</g, '&lt;')}\n</code></pre>\n<p>After.</p>`;

    // Act
    const text = articleText(html);

    // Assess
    expect(text).toBe(`Before.\n\n${code}\n\nAfter.`);
  });
});
