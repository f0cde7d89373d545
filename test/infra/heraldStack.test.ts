import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HeraldStack } from '../../lib/heraldStack';
import { buildHeraldStack } from './buildHeraldStack';

jest.setTimeout(60_000);

const CUSTOM_DOMAIN = {
  domainName: 'news.example.com',
  certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abcd-1234',
  githubRepo: 'example/blog',
};
// Every optional function exists with these: the WebSub ping function only with a hub.
const EVERY_FUNCTION = { websubHub: 'https://pubsubhubbub.appspot.com/' };

describe('HeraldStack', () => {
  describe('cdk-nag AwsSolutions', () => {
    it.each([
      ['default context', {}],
      ['custom domain and GitHub publishing', CUSTOM_DOMAIN],
      ['a WebSub hub', EVERY_FUNCTION],
    ])('has no unacknowledged findings with %s', (_name, context) => {
      // Act
      const { nagFindings } = buildHeraldStack(context);

      // Assess
      expect(nagFindings).toEqual([]);
    });

    it('reports findings when there are some, so the check above can fail', () => {
      // Prepare
      const app = new App({ context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
      const stack = new Stack(app, 'Bad');
      new Queue(stack, 'Plain');
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

      // Act
      const assembly = app.synth();

      // Assess
      expect(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')).toContain('AwsSolutions-SQS3');
    });
  });

  describe('buckets', () => {
    it('blocks public access, encrypts and requires TLS on every bucket', () => {
      // Prepare
      const { template } = buildHeraldStack();

      // Act
      const buckets = template.findResources('AWS::S3::Bucket');
      const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));

      // Assess
      expect(Object.keys(buckets)).toHaveLength(4);
      for (const bucket of Object.values(buckets)) {
        expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
        expect(bucket.Properties.BucketEncryption).toBeDefined();
      }
      const tlsDenials = policies.filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes('"aws:SecureTransport":"false"'));
      expect(tlsDenials).toHaveLength(4);
    });

    it('versions the content bucket and expires old versions', () => {
      // Prepare
      const { template } = buildHeraldStack();

      // Act & Assess
      template.hasResourceProperties('AWS::S3::Bucket', {
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } })]) },
      });
    });

    it('sends created and removed content objects to the publish queue', () => {
      // Prepare
      const { template } = buildHeraldStack();

      // Act & Assess
      template.hasResourceProperties('Custom::S3BucketNotifications', {
        NotificationConfiguration: {
          QueueConfigurations: [Match.objectLike({ Events: ['s3:ObjectCreated:*'] }), Match.objectLike({ Events: ['s3:ObjectRemoved:*'] })],
        },
      });
    });
  });

  describe('publish function', () => {
    it('runs on Node.js 22+ arm64 with JSON logs', () => {
      // Prepare
      const { template } = buildHeraldStack();

      // Act & Assess
      template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: Match.stringLikeRegexp('^nodejs(2[2-9]|[3-9]\\d)\\.x$'),
        Architectures: ['arm64'],
        LoggingConfig: Match.objectLike({ LogFormat: 'JSON' }),
        Environment: { Variables: Match.objectLike({ CONTENT_BUCKET: Match.anyValue(), ENTRIES_BUCKET: Match.anyValue(), TABLE_NAME: Match.anyValue(), EVENTS_QUEUE_URL: Match.anyValue(), REBUILD_QUEUE_URL: Match.anyValue(), SITE_URL: Match.anyValue() }) },
      });
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ SITE_BUCKET: Match.anyValue(), ENTRIES_BUCKET: Match.anyValue(), ANNOUNCE_QUEUE_URL: Match.anyValue() }) },
      });
    });

    it('reads the queue reporting partial batch failures, and dead-letters after bounded retries', () => {
      // Prepare
      const { template } = buildHeraldStack();

      // Act & Assess
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 10 });
      template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 } });
      for (const queue of Object.values(template.findResources('AWS::SQS::Queue'))) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    });

    it('ticks the schedule into the same queue, and reconciles every reconcileHours', () => {
      // Prepare
      const { template } = buildHeraldStack({ reconcileHours: 6 });

      // Act & Assess
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(5 minutes)',
        Targets: [Match.objectLike({ Input: JSON.stringify({ source: 'herald.schedule' }) })],
      });
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(6 hours)',
        Targets: [Match.objectLike({ Input: JSON.stringify({ source: 'herald.reconcile' }) })],
      });
    });

    it('carries the XSLT processor of the feeds\' browser preview in the rebuild\'s bundle, beside the handler', () => {
      // Prepare
      const { template, assemblyDirectory } = buildHeraldStack();
      const [publish] = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: Match.objectLike({ ANNOUNCE_QUEUE_URL: Match.anyValue() }) } } }));

      // Act
      const key = String((publish!.Properties.Code as { S3Key: string }).S3Key);
      const bundled = readFileSync(join(assemblyDirectory, `asset.${key.replace(/\.zip$/, '')}`, 'xslt-processor.global.js'), 'utf8');

      // Assess
      expect(bundled).toMatch(/^\/\*\* @type \{any\} \*\/\s*var XsltProcessor=/);
    });

    it('keeps its state in a table with point-in-time recovery and the four indexes the adapter queries', () => {
      // Prepare
      const { template } = buildHeraldStack();

      // Act & Assess
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
        GlobalSecondaryIndexes: ['published', 'due', 'sources', 'unapplied'].map((IndexName) => Match.objectLike({ IndexName })),
      });
    });
  });

  describe('least privilege', () => {
    it('grants no wildcard actions and no access to all resources', () => {
      // Prepare
      const { template } = buildHeraldStack(CUSTOM_DOMAIN);

      // Act
      const statements = Object.entries(template.findResources('AWS::IAM::Policy')).flatMap(([id, p]) =>
        (p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).map((s) => ({ id, ...s })));

      // Assess
      const wildcardActions = statements.filter((s) => [s.Action].flat().some((a) => a.includes('*')));
      const allResources = statements.filter((s) => [s.Resource].flat().includes('*'));
      // Two exceptions: CDK's own S3-notification custom resource needs s3:PutBucketNotification on "*",
      // and ses:GetAccount (the send function reads its sending quota) has no resource-level permissions.
      expect(wildcardActions.map((s) => s.id)).toEqual([]);
      expect(allResources.filter((s) => !s.id.startsWith('BucketNotificationsHandler')).map((s) => s.Action)).toEqual(['ses:GetAccount']);
    });

    it('gives each function exactly the actions its code calls', () => {
      // Prepare
      const { template } = buildHeraldStack(EVERY_FUNCTION);
      const policies = Object.values(template.findResources('AWS::IAM::Policy'));
      const logs = ['logs:CreateLogStream', 'logs:PutLogEvents'];
      const consume = ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'];
      const secret = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];

      // Act
      const granted = Object.fromEntries(Object.entries(template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs24.x' } })).map(([id, fn]) => {
        const role = (fn.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
        const actions = policies
          .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
          .flatMap((p) => (p.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((st) => [st.Action].flat()));
        return [id.replace(/[0-9A-F]{8}$/, ''), [...new Set(actions)].sort()];
      }));

      // Assess: the review of every role, in one place
      expect(granted).toEqual({
        PublisherFunction: [...consume, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', ...logs, 's3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject', 'sqs:SendMessage'].sort(),
        PublisherRebuildFunction: [...consume, 'dynamodb:BatchGetItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', ...logs, 's3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject', 'sqs:SendMessage'].sort(),
        NewsletterNotifyFunction: [...consume, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', ...logs, 's3:GetObject', 'sqs:SendMessage'].sort(),
        NewsletterSendFunction: [...consume, 'dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem', ...logs, ...secret, 'ses:GetAccount', 'ses:SendBulkEmail', 'sqs:SendMessage'].sort(),
        NewsletterGuardFunction: ['dynamodb:UpdateItem', 'lambda:UpdateEventSourceMapping', ...logs, 'sqs:SendMessage'].sort(),
        SubscriptionApiFunction: ['dynamodb:GetItem', 'dynamodb:UpdateItem', ...logs, 's3:GetObject', ...secret, 'ses:SendEmail', 'sqs:SendMessage'].sort(),
        SubscriptionApiInviteFunction: [...consume, 'dynamodb:GetItem', 'dynamodb:UpdateItem', ...logs, ...secret, 'ses:SendEmail'].sort(),
        MailFeedbackFunction: ['dynamodb:UpdateItem', ...logs, 'sqs:SendMessage'].sort(),
        WebsubFunction: [...consume, ...logs, 'sqs:SendMessage'].sort(),
      });
    });

    it('lets only the publishing roles write the site bucket', () => {
      // Prepare
      const { template } = buildHeraldStack();

      // Act
      const writers = Object.entries(template.findResources('AWS::IAM::Policy'))
        .filter(([, p]) => (p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[])
          .some((st) => [st.Action].flat().includes('s3:PutObject') && JSON.stringify(st.Resource).includes('SiteBucket')))
        .map(([id]) => id.replace(/[0-9A-F]{8}$/, ''));

      // Assess: the rebuild (pages, redirects, shared files) and the publish function (static files, at paths no page has)
      expect(writers.sort()).toEqual(['PublisherFunctionRoleDefaultPolicy', 'PublisherRebuildFunctionRoleDefaultPolicy']);
    });

    it('lets the rebuild write only the feed caches of the entries bucket, never the rendered articles', () => {
      // Prepare
      const { template } = buildHeraldStack();
      const [policy] = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref.startsWith('PublisherRebuildFunctionRole')));

      // Act
      const writes = (policy!.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[])
        .filter((st) => [st.Action].flat().includes('s3:PutObject') && JSON.stringify(st.Resource).includes('PublisherEntries'));

      // Assess: an object ARN with a prefix limits the action to those keys (Amazon S3 User Guide, "Policy resources for Amazon S3")
      expect(writes).toHaveLength(1);
      expect(JSON.stringify(writes[0]!.Resource)).toMatch(/"PublisherEntries[0-9A-F]{8}","Arn"\]\},"\/feeds\/\*"\]/);
    });

    it('lets the notify function read only the rendered articles of the entries bucket, and no other bucket', () => {
      // Prepare
      const { template } = buildHeraldStack();
      const [policy] = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref.startsWith('NewsletterNotifyFunctionRole')));

      // Act
      const s3 = (policy!.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).filter((st) => [st.Action].flat().some((a) => a.startsWith('s3:')));

      // Assess: s3:GetObject on an object ARN limits it to those keys ("arn:aws:s3:::bucket/prefix*": Amazon S3 User Guide,
      // "Policy resources for Amazon S3"); entries/… only, not the feed caches beside them, not the content bucket.
      expect(s3.map((st) => st.Action)).toEqual(['s3:GetObject']);
      expect(JSON.stringify(s3[0]!.Resource)).toMatch(/"PublisherEntries[0-9A-F]{8}","Arn"\]\},"\/entries\/\*"\]/);
      template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ ENTRIES_BUCKET: { Ref: Match.stringLikeRegexp('^PublisherEntries') }, POWERTOOLS_SERVICE_NAME: 'herald-notify' }) } });
    });
  });

  describe('site', () => {
    it('serves the private site bucket through CloudFront with origin access control', () => {
      // Prepare
      const { template } = buildHeraldStack();

      // Act & Assess
      template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
      template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          DefaultRootObject: 'index.html',
          DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
          Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
        }),
      });
    });

    it('uses the custom domain and its certificate when configured', () => {
      // Prepare
      const { template } = buildHeraldStack(CUSTOM_DOMAIN);

      // Act & Assess
      template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          Aliases: ['news.example.com'],
          ViewerCertificate: Match.objectLike({ AcmCertificateArn: CUSTOM_DOMAIN.certificateArn, MinimumProtocolVersion: 'TLSv1.2_2021' }),
        }),
      });
      template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ SITE_URL: 'https://news.example.com/' }) } });
    });
  });

  describe('subscriptions', () => {
    it('serves the API under /api/* on the site domain, uncached', () => {
      // Prepare
      const { template } = buildHeraldStack();

      // Act & Assess
      template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          CacheBehaviors: [Match.objectLike({ PathPattern: '/api/*', AllowedMethods: Match.arrayWith(['POST']), CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad' })],
        }),
      });
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /api/{proxy+}' });
    });

    it('throttles the API and logs its requests', () => {
      // Prepare
      const { template } = buildHeraldStack();

      // Act & Assess
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        DefaultRouteSettings: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
        AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
      });
    });

    it('keeps subscribers with point-in-time recovery, expiring rate counters, and a secret generated at deploy time', () => {
      // Prepare
      const { template } = buildHeraldStack();

      // Act & Assess
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'confirmed' })],
        Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      });
      template.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: Match.objectLike({ PasswordLength: 64 }) });
      const secrets = Object.values(template.findResources('AWS::SecretsManager::Secret'));
      expect(secrets.filter((secret) => 'SecretString' in secret.Properties)).toEqual([]);
    });

    it('sends bounces and complaints through an encrypted SNS topic to the suppression function', () => {
      // Prepare
      const { template } = buildHeraldStack();

      // Act & Assess
      template.hasResourceProperties('AWS::SES::ConfigurationSet', { SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] } });
      template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
        EventDestination: Match.objectLike({ MatchingEventTypes: ['bounce', 'complaint'], SnsDestination: Match.anyValue() }),
      });
      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
      template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda' });
    });
  });

  describe('GitHub publishing role', () => {
    it('exists only with githubRepo, trusting pushes to that branch through OIDC', () => {
      // Prepare
      const plain = buildHeraldStack().template;
      const withRepo = buildHeraldStack(CUSTOM_DOMAIN).template;

      // Act & Assess
      expect(Object.keys(plain.findOutputs('PublishRoleArn'))).toHaveLength(0);
      withRepo.hasOutput('PublishRoleArn', {});
      withRepo.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [Match.objectLike({
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:example/blog:ref:refs/heads/main' } },
          })],
        },
      });
    });
  });

  describe('newsletter', () => {
    it('keeps campaigns and the delivery ledger in a retained table with point-in-time recovery, a TTL and the listing index', () => {
      // Prepare
      const { template } = buildHeraldStack();

      // Act & Assess
      template.hasResource('AWS::DynamoDB::GlobalTable', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
          GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'started', KeySchema: [{ AttributeName: 'kind', KeyType: 'HASH' }, { AttributeName: 'startedAt', KeyType: 'RANGE' }] })],
          Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
        }),
      });
    });

    it('sends one batch per invocation, at most sendConcurrency at once, reporting partial failures', () => {
      // Prepare
      const { template } = buildHeraldStack({ sendConcurrency: 4 });

      // Act
      const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).map((m) => m.Properties as { BatchSize: number; FunctionResponseTypes?: string[]; ScalingConfig?: { MaximumConcurrency: number } });

      // Assess
      expect(mappings).toContainEqual(expect.objectContaining({ BatchSize: 1, FunctionResponseTypes: ['ReportBatchItemFailures'], ScalingConfig: { MaximumConcurrency: 4 } }));
      expect(mappings.every((m) => m.FunctionResponseTypes?.includes('ReportBatchItemFailures'))).toBe(true);
      // Lambda stops an invocation when its Timeout is up ("the maximum amount of time in seconds that a Lambda function
      // can run", AWS::Lambda::Function Timeout), so a batch lease of twice the timeout outlasts any live holder by half (docs/newsletter.md).
      template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ SEND_CONCURRENCY: '4', BATCH_LEASE_SECONDS: '240' }) }, Timeout: 120 });
    });

    it('retries a batch for over an hour before its dead-letter queue', () => {
      // Prepare
      const { template } = buildHeraldStack();

      // Act & Assess
      template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 720, RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 10 } });
      // The announcements queue hides a message longer than the notify function can run.
      template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 1800, RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }) });
    });

    it('asks the notify function for the weekly digest on its day and hour in the site\'s time zone, through the announcements queue', () => {
      // Prepare
      const { template } = buildHeraldStack({ digestDay: 'friday', digestHour: 17, timeZone: 'Europe/Berlin' });
      const queues = template.findResources('AWS::SQS::Queue');
      const announcements = Object.keys(queues).find((id) => id.startsWith('PublisherAnnouncements') && !id.includes('DeadLetters'))!;
      const deadLetters = Object.keys(queues).find((id) => id.startsWith('PublisherAnnouncementDeadLetters'))!;

      // Act
      const [schedule] = Object.values(template.findResources('AWS::Scheduler::Schedule')).map((r) => r.Properties as { ScheduleExpression: string; ScheduleExpressionTimezone: string; Target: { Arn: unknown; Input: string; RoleArn: { 'Fn::GetAtt': string[] }; RetryPolicy: unknown; DeadLetterConfig: { Arn: unknown } } });
      const role = schedule!.Target.RoleArn['Fn::GetAtt'][0]!;
      const rolePolicies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role));

      // Assess: EventBridge Scheduler's cron (minutes hours day-of-month month day-of-week year) in an IANA zone,
      // which "automatically adjusts for daylight saving time" (EventBridge Scheduler user guide, "Schedule types").
      expect(schedule).toMatchObject({
        ScheduleExpression: 'cron(0 17 ? * FRI *)',
        ScheduleExpressionTimezone: 'Europe/Berlin',
        Target: { Arn: { 'Fn::GetAtt': [announcements, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 }, DeadLetterConfig: { Arn: { 'Fn::GetAtt': [deadLetters, 'Arn'] } } },
      });
      // The scheduled time, not the delivery time, names the week (context attribute <aws.scheduler.scheduled-time>).
      expect(JSON.parse(schedule!.Target.Input)).toEqual({ type: 'WeeklyDigest', at: '<aws.scheduler.scheduled-time>' });
      // Its role may only put messages on the announcements queue and, for what it cannot deliver, its dead-letter queue.
      expect(rolePolicies.flatMap((p) => (p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]))).toEqual([
        expect.objectContaining({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: expect.arrayContaining([{ 'Fn::GetAtt': [announcements, 'Arn'] }, { 'Fn::GetAtt': [deadLetters, 'Arn'] }]) }),
      ]);
      // The target's role must trust the scheduler's service principal, or the schedule cannot send (EventBridge Scheduler
      // user guide, "Set up the execution role").
      const trust = JSON.stringify(template.findResources('AWS::IAM::Role')[role]!.Properties.AssumeRolePolicyDocument);
      expect(trust).toContain('"Service":"scheduler.amazonaws.com"');
      expect(() => buildHeraldStack({ timeZone: 'Mars/Olympus' })).toThrow(/timeZone: must be an IANA time zone/);
      expect(() => buildHeraldStack({ digestDay: 'someday' })).toThrow(/digestDay: must be a weekday/);
    });

    it('pings a WebSub hub off the publishing path, only when websubHub is set: the rebuild queues, the ping function sends', () => {
      // Prepare
      const withHub = buildHeraldStack(EVERY_FUNCTION).template;
      const without = buildHeraldStack().template;
      const pingFunction = (t: typeof withHub) => Object.entries(t.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'herald-websub' } } } }));

      // Act
      const [[id, fn]] = pingFunction(withHub) as [[string, { Properties: { Timeout: number } }]];
      const mapping = Object.values(withHub.findResources('AWS::Lambda::EventSourceMapping')).find((m) => JSON.stringify(m.Properties.FunctionName).includes(id))!;
      const queueId = (mapping.Properties.EventSourceArn as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!;
      const queue = withHub.toJSON().Resources[queueId] as { Properties: { VisibilityTimeout: number; RedrivePolicy: { maxReceiveCount: number } } };

      // Assess
      expect(pingFunction(without)).toEqual([]);
      // The rebuild and the ping function find the queue by its URL; the feeds name the hub (in SITE_CONTEXT).
      withHub.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ ANNOUNCE_QUEUE_URL: Match.anyValue(), WEBSUB_QUEUE_URL: { Ref: queueId } }) } });
      withHub.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'herald-websub', WEBSUB_QUEUE_URL: { Ref: queueId }, HUB_TIMEOUT_MS: '5000', SITE_CONTEXT: Match.stringLikeRegexp('websubHub') }) } });
      expect(mapping.Properties).toMatchObject({ FunctionResponseTypes: ['ReportBatchItemFailures'], ScalingConfig: { MaximumConcurrency: 2 } });
      // AWS Lambda developer guide, "Using Lambda with Amazon SQS": the visibility timeout at least six times the function's timeout.
      expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * fn.Properties.Timeout);
      expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBe(5);
    });

    it('raises an alarm on the alarm topic when any dead-letter queue holds a message', () => {
      // Prepare
      const { template } = buildHeraldStack({ alarmEmail: 'ops@example.com' });

      // Act
      const deadLetterQueues = Object.entries(template.findResources('AWS::SQS::Queue')).filter(([, q]) => !(q.Properties as { RedrivePolicy?: unknown }).RedrivePolicy).map(([id]) => id);
      const alarmed = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
        .filter((a) => (a.Properties as { MetricName: string }).MetricName === 'ApproximateNumberOfMessagesVisible')
        .map((a) => ((a.Properties as { Dimensions: { Value: { 'Fn::GetAtt': string[] } }[] }).Dimensions[0]!.Value['Fn::GetAtt'][0]));

      // Assess
      expect(deadLetterQueues.length).toBe(7);
      expect(alarmed.sort()).toEqual(deadLetterQueues.sort());
      template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlertsTopic') }] });
    });
  });

  describe('sender authentication', () => {
    const ZONE = { hostedZoneId: 'Z0123456789ABCDEFGHIJ', hostedZoneName: 'example.com', dmarcReportEmail: 'dmarc@example.com' };

    it('verifies the sending domain with Easy DKIM and a custom MAIL FROM, in the configuration set', () => {
      // Prepare
      const { template } = buildHeraldStack();

      // Act & Assess
      template.hasResourceProperties('AWS::SES::EmailIdentity', {
        EmailIdentity: 'example.com',
        MailFromAttributes: { MailFromDomain: 'mail.example.com' },
        ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
      });
    });

    it('outputs the DKIM, MAIL FROM and DMARC records to add when there is no hosted zone', () => {
      // Prepare
      const { template } = buildHeraldStack();

      // Act
      const records = Object.values(template.findOutputs('*')).filter((o) => String(o.Description ?? '').startsWith('Add to the DNS of example.com')).map((o) => JSON.stringify(o.Value));

      // Assess
      expect(records).toHaveLength(6);
      expect(records.filter((r) => r.includes('CNAME'))).toHaveLength(3);
      expect(records).toContainEqual(expect.stringContaining('mail.example.com MX 10 feedback-smtp.eu-west-1.amazonses.com'));
      expect(records).toContainEqual(expect.stringContaining('mail.example.com TXT v=spf1 include:amazonses.com ~all'));
      expect(records).toContainEqual(expect.stringContaining('_dmarc.example.com TXT v=DMARC1; p=none;'));
      template.resourceCountIs('AWS::Route53::RecordSet', 0);
    });

    it('creates those records, and the site\'s alias records, in the hosted zone when one is given', () => {
      // Prepare
      const { template } = buildHeraldStack({ ...CUSTOM_DOMAIN, ...ZONE });

      // Act
      const sets = Object.values(template.findResources('AWS::Route53::RecordSet')).map((r) => r.Properties as { Type: string; Name: unknown; ResourceRecords?: unknown[]; HostedZoneId: string });

      // Assess
      expect(sets.every((r) => r.HostedZoneId === ZONE.hostedZoneId)).toBe(true);
      expect(sets.filter((r) => r.Type === 'CNAME')).toHaveLength(3);
      expect(sets).toContainEqual(expect.objectContaining({ Type: 'MX', Name: 'mail.example.com.', ResourceRecords: ['10 feedback-smtp.eu-west-1.amazonses.com'] }));
      expect(sets).toContainEqual(expect.objectContaining({ Type: 'TXT', Name: 'mail.example.com.', ResourceRecords: ['"v=spf1 include:amazonses.com ~all"'] }));
      expect(sets).toContainEqual(expect.objectContaining({ Type: 'TXT', Name: '_dmarc.example.com.', ResourceRecords: ['"v=DMARC1; p=none; rua=mailto:dmarc@example.com;"'] }));
      expect(sets.filter((r) => r.Name === 'news.example.com.').map((r) => r.Type).sort()).toEqual(['A', 'AAAA']);
    });

    it('refuses a hosted zone that does not hold the sender\'s domain', () => {
      // Prepare
      const app = new App({ context: { ...ZONE, hostedZoneName: 'other.org' } });

      // Act & Assess
      expect(() => new HeraldStack(app, 'Herald')).toThrow(/senderAddress domain must be hostedZoneName or one of its subdomains/);
    });
  });

  describe('monitoring', () => {
    const alarms = () => Object.values(buildHeraldStack().template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties as { MetricName: string; Namespace: string; Threshold: number; EvaluationPeriods: number; DatapointsToAlarm: number; AlarmActions: unknown[]; Dimensions?: { Name: string; Value: unknown }[] });

    it('alarms on errors of every function', () => {
      // Act
      const errorAlarms = alarms().filter((a) => a.Namespace === 'AWS/Lambda' && a.MetricName === 'Errors');

      // Assess
      expect(errorAlarms).toHaveLength(Object.keys(buildHeraldStack().template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs24.x' } })).length);
    });

    it('alarms on a rejected article, throttling for ten minutes and API 5xx', () => {
      // Act
      const all = alarms();

      // Assess
      expect(all).toContainEqual(expect.objectContaining({ Namespace: 'Herald', MetricName: 'ArticlesRejected', Threshold: 0, Dimensions: [{ Name: 'service', Value: 'publish' }] }));
      expect(all).toContainEqual(expect.objectContaining({ Namespace: 'Herald', MetricName: 'MailsThrottled', EvaluationPeriods: 10, DatapointsToAlarm: 10 }));
      expect(all).toContainEqual(expect.objectContaining({ Namespace: 'AWS/ApiGateway', MetricName: '5xx' }));
    });

    it('alarms below the SES review thresholds and pauses sending through the guard', () => {
      // Prepare
      const { template } = buildHeraldStack();

      // Act
      const reputation = alarms().filter((a) => a.Namespace === 'AWS/SES');

      // Assess
      expect(reputation.map((a) => [a.MetricName, a.Threshold])).toEqual([['Reputation.BounceRate', 0.04], ['Reputation.ComplaintRate', 0.0008]]);
      for (const alarm of reputation) expect(alarm.AlarmActions).toHaveLength(2);
      template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda', TopicArn: { Ref: Match.stringLikeRegexp('^NewsletterReputationAlarms') } });
      template.hasResourceProperties('AWS::IAM::Policy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'lambda:UpdateEventSourceMapping' })]) } });
    });

    it('encrypts every topic with a rotated key that SES and CloudWatch may use', () => {
      // Prepare
      const { template } = buildHeraldStack();

      // Act
      const topics = Object.values(template.findResources('AWS::SNS::Topic')).map((t) => (t.Properties as { KmsMasterKeyId: { 'Fn::GetAtt': string[] } }).KmsMasterKeyId);
      const [key] = Object.values(template.findResources('AWS::KMS::Key'));
      const principals = JSON.stringify(key!.Properties.KeyPolicy);

      // Assess
      expect(topics.length).toBe(3);
      expect(topics.every((k) => k['Fn::GetAtt'][0]!.startsWith('TopicKey'))).toBe(true);
      expect(key!.Properties.EnableKeyRotation).toBe(true);
      expect(principals).toContain('ses.amazonaws.com');
      expect(principals).toContain('cloudwatch.amazonaws.com');
    });

    it('has a dashboard and outputs what an operator needs', () => {
      // Prepare
      const { template } = buildHeraldStack({ githubRepo: 'example/blog' });

      // Act
      const outputs = Object.keys(template.findOutputs('*'));

      // Assess
      template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
      expect(outputs).toEqual(expect.arrayContaining(['SiteUrl', 'FeedUrl', 'AtomFeedUrl', 'JsonFeedUrl', 'ApiUrl', 'ContentBucketName', 'ArticlesTableName', 'EventsQueueUrl', 'PublishRoleArn', 'CampaignsTableName', 'SubscribersTableName', 'AlarmTopicArn', 'SendMappingId', 'DashboardUrl']));
    });
  });

  describe('configuration', () => {
    it.each([
      [{ domainName: 'news.example.com' }, /domainName and certificateArn go together/],
      [{ domainName: 'not a domain', certificateArn: CUSTOM_DOMAIN.certificateArn }, /domainName: must be a domain name/],
      [{ certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/x', domainName: 'a.example.com' }, /certificateArn: must be an ACM certificate ARN in us-east-1/],
      [{ githubRepo: 'no-slash' }, /githubRepo: must be "owner\/repo"/],
      [{ feedItems: 0 }, /feedItems/],
      [{ senderAddress: 'not-an-address' }, /senderAddress: must be the email address mail is sent from/],
      [{ welcomeMail: 'sometimes' }, /welcomeMail: must be true or false/],
      [{ newsletterContent: 'everything' }, /newsletterContent: must be "full" or "summary"/],
      [{ senderName: 'The "Best" News' }, /senderName: must not contain quotes/],
      [{ sendConcurrency: 1 }, /sendConcurrency: must be at least 2/],
      [{ alarmEmail: 'ops' }, /alarmEmail: must be the email address alarms go to/],
    ])('fails synth with a clear message for %j', (context, message) => {
      // Prepare
      const app = new App({ context });

      // Act & Assess
      expect(() => new HeraldStack(app, 'Herald')).toThrow(message);
    });
  });
});
