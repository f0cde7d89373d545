import { newsletterConfigFrom } from '../../../lambdas/config/newsletterConfig';
import type { DigestEntry } from '../../../lambdas/newsletter/campaign';
import { PREFERENCES_VARIABLE, UNSUBSCRIBE_VARIABLE } from '../../../lambdas/newsletter/mailTemplate';
import { renderDigest } from '../../../lambdas/newsletter/renderDigest';
import { personalise } from '../../../lambdas/newsletter/renderNewsletter';
import { testSite } from '../../helpers/siteFixture';

const site = testSite();
const config = newsletterConfigFrom({ senderAddress: 'news@example.com', newsletterSubjectPrefix: '[N] ', postalAddress: 'Test Site, 1 Main St' }, site);
const entry = (slug: string, extra: Partial<DigestEntry> = {}): DigestEntry => ({ slug, title: `Title ${slug}`, url: `https://blog.example.com/posts/${slug}/`, summary: `About ${slug}.`, tags: [], date: '2026-06-01T09:00:00Z', ...extra });
const LINKS = { unsubscribeUrl: 'https://blog.example.com/api/unsubscribe?token=u', preferencesUrl: 'https://blog.example.com/api/preferences?token=p' };

describe('renderDigest', () => {
  it('lists each article in a block only its readers see, with image, title, date, summary and link, and the footer of every newsletter', () => {
    // Act
    const digest = renderDigest(site, config, [entry('one', { image: 'https://blog.example.com/img/one.png' }), entry('two')], '2026-W23');

    // Assess
    expect(digest.subject).toBe('[N] This week at Test Site');
    expect(digest.html).toMatch(/\{\{#if a0\}\}<div style="margin:0 0 32px">\n<p[^>]*><a href="https:\/\/blog\.example\.com\/posts\/one\/"><img src="https:\/\/blog\.example\.com\/img\/one\.png"/);
    expect(digest.html).toContain('{{#if a1}}');
    expect(digest.html).toContain('week 23 of 2026');
    expect(digest.text).toContain('{{#if a0}}Title one\n1 June 2026\nAbout one.\nhttps://blog.example.com/posts/one/\n\n{{/if}}');
    expect(digest.text).toContain(`-- \nYou get this weekly digest because you subscribed to new articles from Test Site (https://blog.example.com/).\nChoose what you get: ${PREFERENCES_VARIABLE}\nUnsubscribe with one click: ${UNSUBSCRIBE_VARIABLE}\nTest Site, 1 Main St\n`);
    expect(digest.html).toContain(`href="${PREFERENCES_VARIABLE}"`);
  });

  it('shows each reader exactly their articles, and keeps an author\'s braces away from the template engine', () => {
    // Prepare
    const digest = renderDigest(site, config, [entry('one', { title: 'Templates {{ .Title }}' }), entry('two'), entry('three')], '2026-W23');

    // Act
    const mail = personalise(digest, LINKS, [0, 2]);

    // Assess
    expect(mail.text.match(/^Title[^\n]*$/gm)).toEqual(['Title three']);
    expect(mail.text).toContain('Templates {{ .Title }}\n');
    expect(mail.html).toContain('Templates &#123;{ .Title }}');
    expect(mail.html).not.toContain('Title two');
    expect(mail.html).toContain('href="https://blog.example.com/api/unsubscribe?token=u"');
    for (const part of [digest.subject, digest.html, digest.text]) expect(part.replace(/\{\{(#if a\d+|\/if|lbrace|unsubscribeUrl|preferencesUrl)\}\}/g, '')).not.toContain('{{');
  });
});
