import { ConfigError } from '../../../../lambdas/config/errors';
import { subscriptionConfigFrom } from '../../../../lambdas/functions/api/config';

function env(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { SUBSCRIBERS_TABLE: 'subscribers', SENDER_ADDRESS: 'news@example.com', TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:k', SITE_BUCKET: 'site', SITE_URL: 'https://news.example.com/', ...overrides };
}

describe('subscriptionConfigFrom', () => {
  it('reads the environment the CDK stack sets, with the welcome mail on by default', () => {
    // Act
    const config = subscriptionConfigFrom(env({ CONFIGURATION_SET: 'herald' }));

    // Assess
    expect(config).toMatchObject({ table: 'subscribers', sender: '"Herald" <news@example.com>', siteBucket: 'site', configurationSet: 'herald', welcomeMail: true });
    expect(config.site.url).toBe('https://news.example.com/');
  });

  it('sends as the newsletter does: its display name, and its postal address in the footer', () => {
    // Act
    const config = subscriptionConfigFrom(env({ SITE_CONTEXT: '{"siteTitle":"Field Notes"}', NEWSLETTER_CONTEXT: '{"senderName":"Ada at Field Notes","postalAddress":"1 Main St, Springfield","senderAddress":"ignored@example.com"}' }));

    // Assess
    expect(config.sender).toBe('"Ada at Field Notes" <news@example.com>');
    expect(config.postalAddress).toBe('1 Main St, Springfield');
  });

  it('turns the welcome mail off', () => {
    // Act & Assess
    expect(subscriptionConfigFrom(env({ WELCOME_MAIL: 'false' })).welcomeMail).toBe(false);
  });

  it.each([
    [{ SUBSCRIBERS_TABLE: undefined }, /SUBSCRIBERS_TABLE/],
    [{ WELCOME_MAIL: 'maybe' }, /WELCOME_MAIL/],
    [{ SITE_CONTEXT: '{' }, /SITE_CONTEXT is not JSON/],
  ])('fails at cold start for %j', (overrides, message) => {
    // Act & Assess
    expect(() => subscriptionConfigFrom(env(overrides))).toThrow(ConfigError);
    expect(() => subscriptionConfigFrom(env(overrides))).toThrow(message);
  });
});
