import { ConfigError } from '../../../../lambdas/config/errors';
import { publishConfigFrom } from '../../../../lambdas/functions/publish/config';
import { rebuildConfigFrom } from '../../../../lambdas/functions/rebuild/config';

function env(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    CONTENT_BUCKET: 'content', ENTRIES_BUCKET: 'entries', SITE_BUCKET: 'site', TABLE_NAME: 'articles',
    SITE_URL: 'https://d111.cloudfront.net/', SITE_CONTEXT: '{"siteTitle":"Notes","feedItems":5}', ...overrides,
  };
}

describe('publishConfigFrom', () => {
  it('reads the environment the CDK stack sets, with the site settings from SITE_CONTEXT', () => {
    // Act
    const config = publishConfigFrom(env({ EVENTS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/e', REBUILD_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/r.fifo' }));

    // Assess
    expect(config).toMatchObject({
      contentBucket: 'content', entriesBucket: 'entries', table: 'articles', deleteGraceMs: 30_000,
      eventsQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/e', rebuildQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/r.fifo',
    });
    expect(config.site).toMatchObject({ title: 'Notes', url: 'https://d111.cloudfront.net/', feedItems: 5 });
    expect(config.endpoints).toEqual({ s3: undefined, dynamodb: undefined, sqs: undefined });
  });

  it.each([
    ['a missing bucket', { CONTENT_BUCKET: undefined }, /CONTENT_BUCKET/],
    ['a bad site URL', { SITE_URL: 'not a url' }, /SITE_URL/],
    ['SITE_CONTEXT that is not JSON', { SITE_CONTEXT: '{' }, /SITE_CONTEXT is not JSON/],
    ['a bad site setting', { SITE_CONTEXT: '{"feedItems":0}' }, /feedItems/],
    ['an unknown log level', { POWERTOOLS_LOG_LEVEL: 'LOUD' }, /POWERTOOLS_LOG_LEVEL/],
    ['a grace period longer than SQS can delay', { DELETE_GRACE_SECONDS: '901' }, /DELETE_GRACE_SECONDS/],
  ])('fails at cold start on %s, naming it', (_name, overrides, message) => {
    // Act & Assess
    expect(() => publishConfigFrom(env(overrides))).toThrow(ConfigError);
    expect(() => publishConfigFrom(env(overrides))).toThrow(message);
  });
});

describe('rebuildConfigFrom', () => {
  it('reads the buckets, the table and the announcements queue', () => {
    // Act
    const config = rebuildConfigFrom(env({ ANNOUNCE_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/a' }));

    // Assess
    expect(config).toMatchObject({ contentBucket: 'content', siteBucket: 'site', entriesBucket: 'entries', table: 'articles', announceQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/a' });
  });

  it('fails at cold start without the entries bucket', () => {
    // Act & Assess
    expect(() => rebuildConfigFrom(env({ ENTRIES_BUCKET: undefined }))).toThrow(/ENTRIES_BUCKET/);
  });
});
