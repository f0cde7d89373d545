import { ConfigError } from '../../../lambdas/config/errors';
import { newsletterConfigFrom } from '../../../lambdas/config/newsletterConfig';
import { testSite } from '../../helpers/siteFixture';

const site = testSite();

describe('newsletterConfigFrom', () => {
  it('fills in defaults: the site title as sender name, full articles, a three-day window, the digest Mondays at 08:00 UTC', () => {
    // Act
    const config = newsletterConfigFrom({}, site);

    // Assess
    expect(config).toEqual({ from: '"Test Site" <newsletter@example.com>', subjectPrefix: '', content: 'full', windowDays: 3, digest: { weekday: 1, hour: 8, timeZone: 'UTC' } });
  });

  it('reads every key', () => {
    // Act
    const config = newsletterConfigFrom({ senderAddress: 'ada@example.com', senderName: 'Ada', replyTo: 'reply@example.com', newsletterSubjectPrefix: '[N] ', newsletterContent: 'summary', notifyWindowDays: '7', digestDay: 'Friday', digestHour: '17', timeZone: 'Europe/Berlin' }, site);

    // Assess
    expect(config).toEqual({ from: '"Ada" <ada@example.com>', replyTo: 'reply@example.com', subjectPrefix: '[N] ', content: 'summary', windowDays: 7, digest: { weekday: 5, hour: 17, timeZone: 'Europe/Berlin' } });
  });

  it('encodes a sender name outside ASCII as RFC 2047 asks', () => {
    // Act
    const { from } = newsletterConfigFrom({ senderName: 'Zoë’s Notes' }, site);

    // Assess
    expect(from).toBe(`=?UTF-8?B?${Buffer.from('Zoë’s Notes').toString('base64')}?= <newsletter@example.com>`);
  });

  it.each([
    [{ replyTo: 'not an address' }, /replyTo: must be an email address/],
    [{ newsletterContent: 'all' }, /newsletterContent: must be "full" or "summary"/],
    [{ senderName: 'Say "hi"' }, /senderName: must not contain quotes/],
    [{ newsletterSubjectPrefix: 'two\nlines' }, /newsletterSubjectPrefix: must be one line/],
    [{ notifyWindowDays: -1 }, /notifyWindowDays/],
  ])('refuses %j, naming the key', (context, message) => {
    // Act & Assess
    expect(() => newsletterConfigFrom(context, site)).toThrow(ConfigError);
    expect(() => newsletterConfigFrom(context, site)).toThrow(message);
  });
});
