import { renderConfirmationMail, renderWelcomeMail } from '../../../lambdas/subscriptions/renderMail';
import { testSite } from '../../helpers/siteFixture';

const UNSUBSCRIBE = 'https://blog.example.com/api/unsubscribe?token=abc';
const PREFERENCES = 'https://blog.example.com/api/preferences?token=def';
const LINKS = { unsubscribeUrl: UNSUBSCRIBE, preferencesUrl: PREFERENCES };

describe('renderWelcomeMail', () => {
  it('makes reading the latest article the main action and puts unsubscribing in the footer, with no raw URL', () => {
    // Act
    const mail = renderWelcomeMail(testSite(), 'ada@example.com', LINKS, { latest: { title: 'Newest', url: 'https://blog.example.com/posts/newest/' } });

    // Assess
    expect(mail.html).toMatch(/<a class="hd-button" href="https:\/\/blog\.example\.com\/posts\/newest\/"[^>]*>Read the latest article<\/a>/);
    expect(mail.html.indexOf('Read the latest article')).toBeLessThan(mail.html.indexOf('<hr'));
    expect(mail.html.slice(mail.html.indexOf('<hr'))).toContain(`href="${UNSUBSCRIBE}"`);
    expect(mail.html).not.toContain(`>${UNSUBSCRIBE}<`);
    expect(mail.headers).toEqual({ 'List-Unsubscribe': `<${UNSUBSCRIBE}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(mail.text).toContain(`The latest article: Newest\nhttps://blog.example.com/posts/newest/\n\n-- \n`);
    expect(mail.text).toContain(`Unsubscribe with one click: ${UNSUBSCRIBE}\n`);
    expect(mail.html.slice(mail.html.indexOf('<hr'))).toContain(`href="${PREFERENCES}"`);
    expect(mail.text).toContain(`Choose what you get: ${PREFERENCES}\n`);
  });

  it('says what the reader chose: every article, or the articles of their topics', () => {
    // Act
    const all = renderWelcomeMail(testSite(), 'ada@example.com', LINKS);
    const some = renderWelcomeMail(testSite(), 'ada@example.com', LINKS, { preferences: { tags: ['Rust', 'Go', 'AWS Lambda'], cadence: 'each' } });

    // Assess
    expect(all.text).toContain('You will get every new article from Test Site by email.');
    expect(some.text).toContain('You will get new articles tagged Rust, Go or AWS Lambda from Test Site by email.');
  });

  it('leads to the site while nothing is published', () => {
    // Act
    const mail = renderWelcomeMail(testSite(), 'ada@example.com', LINKS);

    // Assess
    expect(mail.html).toMatch(/<a class="hd-button" href="https:\/\/blog\.example\.com\/"[^>]*>Visit Test Site<\/a>/);
  });

  it('shows the postal address in the footer of both mails when one is set', () => {
    // Act
    const welcome = renderWelcomeMail(testSite(), 'ada@example.com', LINKS, { postalAddress: 'Test Site\n1 Main St' });
    const confirmation = renderConfirmationMail(testSite(), 'ada@example.com', 'https://blog.example.com/api/confirm?token=c', { postalAddress: 'Test Site\n1 Main St' });

    // Assess
    for (const mail of [welcome, confirmation]) {
      expect(mail.html).toContain('Test Site<br>1 Main St</p>');
      expect(mail.text).toContain('Test Site\n1 Main St\n');
    }
  });
});

describe('renderConfirmationMail', () => {
  it('writes every subject on one line, whatever the site title holds', () => {
    // Act
    const site = { ...testSite(), title: 'Field\r\nNotes' };
    const subjects = [renderConfirmationMail(site, 'a@example.com', 'https://x.example/c').subject, renderWelcomeMail(site, 'a@example.com', LINKS).subject];

    // Assess
    expect(subjects).toEqual(['Confirm your subscription to Field Notes', 'Welcome to Field Notes']);
  });

  it('confirms with a button, and the link spelled out for when buttons do not work', () => {
    // Act
    const mail = renderConfirmationMail(testSite(), 'a@example.com', 'https://blog.example.com/api/confirm?token=c');

    // Assess
    expect(mail.html).toMatch(/<a class="hd-button" href="https:\/\/blog\.example\.com\/api\/confirm\?token=c"[^>]*>Confirm subscription<\/a>/);
    expect(mail.html).toContain('Button not working? Open this link:');
    expect(mail.text).toContain('Confirm your subscription:\nhttps://blog.example.com/api/confirm?token=c\n');
  });
});
