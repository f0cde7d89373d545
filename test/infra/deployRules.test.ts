import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { SITE_CONTENT_SECURITY_POLICY, UNTRUSTED_FILE_CONTENT_SECURITY_POLICY } from '../../lambdas/site/contentSecurityPolicy';
import { buildHeraldStack, cdkJsonFeatureFlags } from './buildHeraldStack';

jest.setTimeout(120_000);

/**
 * The rules a deploy on a fresh account and a safe production run depend on
 * (issue #12), each from the AWS documentation cited above its test, checked
 * on the synthesized template of the default context and of a full one.
 */
const FULL = {
  domainName: 'news.example.com',
  certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abcd-1234',
  hostedZoneId: 'Z0123456789ABCDEFGHIJ',
  hostedZoneName: 'example.com',
  githubRepo: 'example/blog',
  alarmEmail: 'ops@example.com',
  dmarcReportEmail: 'dmarc@example.com',
  githubOidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
  senderIdentityExists: true,
};
/** The full context, but with the SES identity (and so its DNS records) created by the stack. */
const ZONE_WITH_NEW_IDENTITY = { ...FULL, senderIdentityExists: false };

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Principal?: { Service?: string }; Resource: unknown; Condition?: Record<string, Record<string, unknown>> };

const resources = (template: Template, type: string): [string, Resource][] => Object.entries(template.findResources(type)) as [string, Resource][];
const statementsOf = (document: unknown): Statement[] => (document as { Statement: Statement[] }).Statement;
const actions = (st: Statement): string[] => [st.Action].flat();
const distributionConfig = (template: Template) => resources(template, 'AWS::CloudFront::Distribution')[0]![1].Properties.DistributionConfig as {
  CustomErrorResponses: unknown[];
  CacheBehaviors: { PathPattern: string; OriginRequestPolicyId: { Ref: string }; ResponseHeadersPolicyId: { Ref: string }; TargetOriginId: string }[];
  Origins: { Id: string; OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[] }[];
  DefaultCacheBehavior: { FunctionAssociations: { EventType: string; FunctionARN: { 'Fn::GetAtt': string[] } }[]; ResponseHeadersPolicyId: { Ref: string } };
};

describe.each([
  ['the default context', {}],
  ['a full context (domain, zone, GitHub, alarm address, existing OIDC provider and SES identity)', FULL],
])('deploy rules on %s', (_name, context) => {
  const built = () => buildHeraldStack(context);

  it('passes cdk-nag AwsSolutions with every acknowledgement specific', () => {
    // Act & Assess
    expect(built().nagFindings).toEqual([]);
  });

  // Lambda, "Configuring reserved concurrency": "You can reserve up to the Unreserved account concurrency value
  // that is shown, minus 100 for functions that don't have reserved concurrency", and "Lambda quotas": "New AWS
  // accounts have reduced concurrency and memory quotas" (as low as 10). Any reservation then fails `cdk deploy`;
  // and with an SQS trigger a throttled batch goes back to the queue, spending a receive each time until it lands
  // in the dead-letter queue unprocessed. The publisher keeps one writer of the site without it (FIFO, below).
  it('reserves no concurrency for any function', () => {
    // Prepare
    const { template } = built();

    // Act
    const functions = Object.entries(template.findResources('AWS::Lambda::Function')).map(([id, fn]) => ({ id, reserved: (fn.Properties as { ReservedConcurrentExecutions?: number }).ReservedConcurrentExecutions }));

    // Assess
    expect(functions.filter((f) => f.reserved !== undefined)).toEqual([]);
  });

  it('limits publishing through the SQS event source, and serialises the site rebuild through a FIFO queue', () => {
    // Prepare
    const { template } = built();
    const queues = template.findResources('AWS::SQS::Queue');
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).map((m) => m.Properties as {
      EventSourceArn: { 'Fn::GetAtt': string[] }; BatchSize: number; MaximumBatchingWindowInSeconds?: number; ScalingConfig?: { MaximumConcurrency: number };
    });
    const queueOf = (m: (typeof mappings)[number]) => queues[m.EventSourceArn['Fn::GetAtt'][0]!]!.Properties as { FifoQueue?: boolean; ContentBasedDeduplication?: boolean; RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': string[] } } };

    // Act
    const events = mappings.find((m) => m.EventSourceArn['Fn::GetAtt'][0]!.startsWith('PublisherEvents'))!;
    const rebuilds = mappings.find((m) => m.EventSourceArn['Fn::GetAtt'][0]!.startsWith('PublisherRebuilds'))!;
    const deadLetters = queues[queueOf(rebuilds).RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0]!]!.Properties as { FifoQueue?: boolean };

    // Assess
    // AWS Lambda, ScalingConfig: MaximumConcurrency "Limits the number of concurrent instances that the Amazon SQS
    // event source can invoke", minimum 2, maximum 1000; unlike reserved concurrency it holds messages back, not throttles.
    expect(events.ScalingConfig?.MaximumConcurrency).toBeGreaterThanOrEqual(2);
    expect(events.ScalingConfig?.MaximumConcurrency).toBeLessThanOrEqual(1000);
    // One message group: Lambda sends a group's messages in order, one batch at a time ("Configuring scaling
    // behavior for SQS event source mappings"), so two rebuilds never write the site at once.
    expect(queueOf(rebuilds)).toMatchObject({ FifoQueue: true, ContentBasedDeduplication: false });
    // Amazon SQS: the dead-letter queue of a FIFO queue must also be a FIFO queue.
    expect(deadLetters.FifoQueue).toBe(true);
    // Lambda parameters for SQS event sources: "Batching window is not supported for FIFO queues"; BatchSize "For FIFO queues, the maximum is 10".
    expect(rebuilds.MaximumBatchingWindowInSeconds).toBeUndefined();
    expect(rebuilds.BatchSize).toBeLessThanOrEqual(10);
  });

  it('hides every queue message from other consumers for six times its function\'s timeout', () => {
    // Prepare: AWS Lambda, "Using Lambda with Amazon SQS": "set the source queue's visibility timeout to at least
    // six times the timeout that you configure on your function", so a batch being retried is not handed out twice.
    const { template } = built();
    const queues = template.findResources('AWS::SQS::Queue');
    const functions = template.findResources('AWS::Lambda::Function');

    // Act
    const pairs = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).map((m) => {
      const { EventSourceArn, FunctionName } = m.Properties as { EventSourceArn: { 'Fn::GetAtt': string[] }; FunctionName: { Ref: string } };
      return {
        visibility: (queues[EventSourceArn['Fn::GetAtt'][0]!]!.Properties as { VisibilityTimeout: number }).VisibilityTimeout,
        timeout: (functions[FunctionName.Ref]!.Properties as { Timeout: number }).Timeout,
      };
    });

    // Assess
    expect(pairs.length).toBeGreaterThanOrEqual(4);
    for (const { visibility, timeout } of pairs) expect(visibility).toBeGreaterThanOrEqual(6 * timeout);
  });

  // CloudFront Developer Guide, "Determine function purpose": a viewer-response function may change the status code
  // and headers. A redirect object (a slug an article left, a Hugo alias) carries its target in S3 user metadata,
  // which S3 returns as x-amz-meta-location. Run the deployed code itself on one.
  it('turns redirect objects into 301s in the viewer-response function, and leaves other pages alone', () => {
    // Prepare
    const { template } = built();
    const association = distributionConfig(template).DefaultCacheBehavior.FunctionAssociations.find((f) => f.EventType === 'viewer-response')!;
    const code = (template.toJSON().Resources[association.FunctionARN['Fn::GetAtt'][0]!] as Resource).Properties.FunctionCode as string;
    type Response = { statusCode: number; statusDescription?: string; headers: Record<string, { value: string }> };
    const handler = runInNewContext(`${code}\nhandler`) as (event: { request: { uri: string }; response: Response }) => Response;

    // Act
    const moved = handler({ request: { uri: '/posts/old/' }, response: { statusCode: 200, headers: { 'x-amz-meta-location': { value: '/posts/new/' }, etag: { value: '"1"' } } } });
    const page = handler({ request: { uri: '/posts/new/' }, response: { statusCode: 200, headers: { etag: { value: '"2"' } } } });
    const unchanged = handler({ request: { uri: '/posts/old/' }, response: { statusCode: 304, headers: { 'x-amz-meta-location': { value: '/posts/new/' } } } });

    // Assess
    expect(moved).toMatchObject({ statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '/posts/new/' }, etag: { value: '"1"' } } });
    expect(moved.headers['x-amz-meta-location']).toBeUndefined();
    expect(page.statusCode).toBe(200);
    expect(page.headers.location).toBeUndefined();
    expect(unchanged.statusCode).toBe(304);
  });

  // SNS Developer Guide, "Enable compatibility between event sources from AWS services and encrypted topics" and
  // CloudWatch User Guide, "Using Amazon SNS to send alarm notifications": a topic with its own policy (enforceSSL
  // writes one, replacing SNS's default) must allow cloudwatch.amazonaws.com to sns:Publish, and the topic's KMS key
  // must allow the service kms:Decrypt and kms:GenerateDataKey*, each held to aws:SourceAccount and aws:SourceArn.
  it('lets CloudWatch publish to every alarm topic, and SES to the feedback topic, only for this account\'s sources', () => {
    // Prepare
    const { template } = built();
    const alarmActions = new Set(resources(template, 'AWS::CloudWatch::Alarm').flatMap(([, a]) => (a.Properties.AlarmActions as { Ref: string }[]).map((r) => r.Ref)));
    const topicPolicies = resources(template, 'AWS::SNS::TopicPolicy').map(([, p]) => ({ topics: (p.Properties.Topics as { Ref: string }[]).map((t) => t.Ref), statements: statementsOf(p.Properties.PolicyDocument) }));
    const publishers = (topic: string) => topicPolicies.filter((p) => p.topics.includes(topic)).flatMap((p) => p.statements).filter((st) => st.Effect === 'Allow' && actions(st).includes('sns:Publish'));

    // Act
    const alarmTopics = [...alarmActions];
    const feedbackTopic = resources(template, 'AWS::SES::ConfigurationSetEventDestination').map(([, d]) => ((d.Properties.EventDestination as { SnsDestination: { TopicARN: { Ref: string } } }).SnsDestination.TopicARN.Ref))[0]!;

    // Assess
    expect(alarmTopics).toHaveLength(2);
    for (const topic of alarmTopics) {
      const [grant] = publishers(topic);
      expect(grant).toMatchObject({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:*' } } });
    }
    const ses = publishers(feedbackTopic).filter((st) => st.Principal?.Service === 'ses.amazonaws.com');
    expect(ses.length).toBeGreaterThan(0);
    for (const st of ses) expect(JSON.stringify(st.Condition)).toMatch(/SourceAccount.*123456789012.*SourceArn.*configuration-set\//i);
  });

  it('gives the services the topic key only with the same source conditions, and rotates it', () => {
    // Prepare
    const { template } = built();
    const [[, key]] = resources(template, 'AWS::KMS::Key') as [[string, Resource]];

    // Act
    const serviceGrants = statementsOf(key.Properties.KeyPolicy).filter((st) => st.Principal?.Service);

    // Assess
    expect(serviceGrants.map((st) => st.Principal!.Service).sort()).toEqual(['cloudwatch.amazonaws.com', 'ses.amazonaws.com']);
    for (const st of serviceGrants) {
      expect(actions(st).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
      expect(st.Condition?.StringEquals).toEqual({ 'aws:SourceAccount': '123456789012' });
      expect(st.Condition?.ArnLike?.['aws:SourceArn']).toBeDefined();
    }
    // KMS Developer Guide, "Rotating AWS KMS keys": automatic rotation yearly; "Deleting AWS KMS keys": a waiting period of 7 to 30 days.
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Delete');
    expect(key.Properties.PendingWindowInDays).toBe(7);
  });

  // SES Developer Guide, "Identity and access management in Amazon SES" (ses:FromAddress restricts the From address)
  // and "Request production access": in the sandbox the recipient's identity is checked too, so a grant on the
  // sender's identity alone is refused for a verified test recipient.
  it('lets each mailing function send only from the sender address, to any verified identity, in the configuration set', () => {
    // Prepare
    const { template } = built();

    // Act
    const mailing = resources(template, 'AWS::IAM::Policy').flatMap(([, p]) => statementsOf(p.Properties.PolicyDocument)).filter((st) => actions(st).some((a) => a.startsWith('ses:Send')));

    // Assess: the API (welcome mail), the invite function (confirmations) and the send function (newsletters)
    expect(mailing.flatMap(actions).sort()).toEqual(['ses:SendBulkEmail', 'ses:SendEmail', 'ses:SendEmail']);
    for (const st of mailing) {
      expect(st.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'newsletter@example.com' } });
      expect(st.Resource).toEqual(['arn:aws:ses:eu-west-1:123456789012:identity/*', expect.objectContaining({ 'Fn::Join': ['', ['arn:aws:ses:eu-west-1:123456789012:configuration-set/', expect.anything()]] })]);
    }
  });

  // CloudFront Developer Guide, "Add custom headers to origin requests": CloudFront replaces a viewer header of the
  // same name, so only CloudFront can send the value. CloudFormation User Guide, "Get values stored in other services
  // using dynamic references": {{resolve:secretsmanager:…}} is resolved at deploy time and never stored in the template.
  // API Gateway Developer Guide, "Disable the default endpoint for HTTP APIs": only a custom domain could reach it then,
  // which CloudFront cannot use without one, so the API checks the header instead.
  it('sends the API the origin secret from Secrets Manager, which the API function checks', () => {
    // Prepare
    const { template } = built();
    const config = distributionConfig(template);
    const api = config.CacheBehaviors.find((b) => b.PathPattern === '/api/*')!;
    const [[secretId]] = resources(template, 'AWS::SecretsManager::Secret').filter(([id]) => id.startsWith('SubscriptionApiOriginKey'));

    // Act
    const headers = config.Origins.find((o) => o.Id === api.TargetOriginId)!.OriginCustomHeaders;

    // Assess
    expect(headers).toEqual([{ HeaderName: 'x-herald-origin', HeaderValue: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']] } }]);
    const [[, apiFunction]] = resources(template, 'AWS::Lambda::Function').filter(([id]) => id.startsWith('SubscriptionApiFunction'));
    expect(apiFunction!.Properties.Environment).toMatchObject({ Variables: { ORIGIN_SECRET_ARN: { Ref: secretId } } });
  });

  // CloudFront Developer Guide, "Add CloudFront request headers": CloudFront-Viewer-Address (ip:port) is one of the
  // headers CloudFront adds only when an origin request policy includes it. Host must not be forwarded: API Gateway
  // routes on its own host name.
  it('forwards the viewer address and the headers the router reads to the API, not the Host', () => {
    // Prepare
    const { template } = built();
    const api = distributionConfig(template).CacheBehaviors.find((b) => b.PathPattern === '/api/*')!;

    // Act
    const policy = template.toJSON().Resources[api.OriginRequestPolicyId.Ref] as Resource;
    const headers = (policy.Properties.OriginRequestPolicyConfig as { HeadersConfig: { HeaderBehavior: string; Headers: string[] } }).HeadersConfig;

    // Assess
    expect(headers.HeaderBehavior).toBe('whitelist');
    expect(headers.Headers).toEqual(expect.arrayContaining(['CloudFront-Viewer-Address', 'Origin', 'Sec-Fetch-Site', 'Content-Type', 'Accept']));
    expect(headers.Headers.map((h) => h.toLowerCase())).not.toContain('host');
  });

  // CloudFront Developer Guide, "Generate custom error responses": error responses apply to the whole distribution.
  // S3 API Reference, GetObject "Permissions": without s3:ListBucket a missing key answers 403, not 404.
  it('shows the styled 404 page for a missing site page without touching the API\'s own answers', () => {
    // Prepare
    const { template } = built();

    // Act
    const config = distributionConfig(template);
    const cloudFrontGrants = resources(template, 'AWS::S3::BucketPolicy').flatMap(([, p]) => statementsOf(p.Properties.PolicyDocument)).filter((st) => st.Principal?.Service === 'cloudfront.amazonaws.com');

    // Assess: only S3's 403 is mapped (the API never answers 403: see the API tests), CloudFront may only read objects
    expect(config.CustomErrorResponses).toEqual([{ ErrorCode: 403, ResponseCode: 404, ResponsePagePath: '/404.html', ErrorCachingMinTTL: 10 }]);
    expect(cloudFrontGrants.flatMap(actions)).toEqual(['s3:GetObject']);
  });

  // CloudFront Developer Guide, "Add or remove HTTP headers in CloudFront responses with a policy".
  it('answers the API with security headers and the site\'s Content-Security-Policy, and no Referer for its tokens', () => {
    // Prepare
    const { template } = built();
    const api = distributionConfig(template).CacheBehaviors.find((b) => b.PathPattern === '/api/*')!;

    // Act
    const policy = template.toJSON().Resources[api.ResponseHeadersPolicyId.Ref] as Resource;
    const security = (policy.Properties.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Record<string, Record<string, unknown>> }).SecurityHeadersConfig;

    // Assess
    expect(security.ContentSecurityPolicy).toEqual({ ContentSecurityPolicy: SITE_CONTENT_SECURITY_POLICY, Override: true });
    expect(security.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 31_536_000, Override: true });
    expect(security.ContentTypeOptions).toEqual({ Override: true });
    expect(security.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(security.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
  });

  // CloudFront Developer Guide, "CloudFront Functions event structure": a viewer-response function reads the request
  // URI and sets response headers. Run the deployed code itself on sample paths.
  it.each([
    ['/', SITE_CONTENT_SECURITY_POLICY],
    ['/posts/hello/index.html', SITE_CONTENT_SECURITY_POLICY],
    ['/feed.xml', SITE_CONTENT_SECURITY_POLICY],
    ['/img/photo.png', SITE_CONTENT_SECURITY_POLICY],
    ['/posts/hello/diagram.svg', UNTRUSTED_FILE_CONTENT_SECURITY_POLICY],
    ['/posts/hello/demo.html', UNTRUSTED_FILE_CONTENT_SECURITY_POLICY],
    ['/LOGO.SVG', UNTRUSTED_FILE_CONTENT_SECURITY_POLICY],
    ['/data/export.xml', UNTRUSTED_FILE_CONTENT_SECURITY_POLICY],
  ])('serves %s with the right Content-Security-Policy', (uri, policy) => {
    // Prepare
    const { template } = built();
    const association = distributionConfig(template).DefaultCacheBehavior.FunctionAssociations.find((f) => f.EventType === 'viewer-response')!;
    const code = (template.toJSON().Resources[association.FunctionARN['Fn::GetAtt'][0]!] as Resource).Properties.FunctionCode as string;
    const handler = runInNewContext(`${code}\nhandler`) as (event: unknown) => { headers: Record<string, { value: string }> };

    // Act
    const response = handler({ request: { uri }, response: { statusCode: 200, headers: {} } });

    // Assess
    expect(response.headers['content-security-policy']).toEqual({ value: policy });
  });

  it('keeps the link-signing key on destroy, as the tables are', () => {
    // Prepare
    const { template } = built();

    // Act
    const [[, tokenKey]] = resources(template, 'AWS::SecretsManager::Secret').filter(([id]) => id.startsWith('SubscriptionApiTokenKey'));

    // Assess
    expect(tokenKey!.DeletionPolicy).toBe('Retain');
  });

  // CloudFront standard logs record each request's query string (cs-uri-query), where confirm and unsubscribe
  // tokens travel; S3 User Guide, "Setting lifecycle configuration": an Expiration rule per prefix.
  it('keeps CloudFront\'s logs, which hold link tokens, a week only', () => {
    // Prepare
    const { template } = built();

    // Act
    const rules = resources(template, 'AWS::S3::Bucket').flatMap(([, b]) => ((b.Properties.LifecycleConfiguration as { Rules?: { Prefix?: string; ExpirationInDays?: number }[] } | undefined)?.Rules ?? []));

    // Assess
    expect(rules).toContainEqual(expect.objectContaining({ Prefix: 'cloudfront/', ExpirationInDays: 7 }));
    expect(distributionConfig(template)).toMatchObject({ Logging: { Prefix: 'cloudfront/' } });
  });

  // Lambda Developer Guide, "Implementing partial batch responses": failures reported in batchItemFailures are
  // retried and are not function errors; "Monitoring functions": Throttles counts throttled invocations.
  it('alarms on every function\'s throttles and on the partial-failure metrics', () => {
    // Prepare
    const { template } = built();
    const functions = resources(template, 'AWS::Lambda::Function').filter(([, f]) => f.Properties.Runtime === 'nodejs24.x').map(([id]) => id);

    // Act
    const alarms = resources(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties as { MetricName: string; Namespace: string; Dimensions?: { Value: unknown }[] });
    const throttled = alarms.filter((a) => a.Namespace === 'AWS/Lambda' && a.MetricName === 'Throttles').map((a) => (a.Dimensions![0]!.Value as { Ref: string }).Ref);

    // Assess
    expect(throttled.sort()).toEqual(functions.sort());
    expect(alarms).toContainEqual(expect.objectContaining({ Namespace: 'Herald', MetricName: 'PublishFailures', Dimensions: [{ Name: 'service', Value: 'publish' }] }));
    expect(alarms).toContainEqual(expect.objectContaining({ Namespace: 'Herald', MetricName: 'InvitationFailures' }));
    expect(alarms).toContainEqual(expect.objectContaining({ Namespace: 'Herald', MetricName: 'ConfirmationBudgetReached', Dimensions: [{ Name: 'service', Value: 'api' }] }));
  });

  it('mails confirmations from a queue, off the request path, with a dead-letter queue and partial batch failures', () => {
    // Prepare
    const { template } = built();
    const [[inviteId]] = resources(template, 'AWS::Lambda::Function').filter(([id]) => id.startsWith('SubscriptionApiInviteFunction'));

    // Act
    const mapping = resources(template, 'AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties).find((m) => (m.FunctionName as { Ref: string }).Ref === inviteId);

    // Assess
    expect(mapping).toMatchObject({ FunctionResponseTypes: ['ReportBatchItemFailures'] });
    template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SubscriptionApiInvitationDeadLetters'), 'Arn'] }, maxReceiveCount: 5 } });
  });

  it('gives the API its daily confirmation budget and per-client limit', () => {
    // Prepare
    const { template } = built();

    // Act
    const [[, apiFunction]] = resources(template, 'AWS::Lambda::Function').filter(([id]) => id.startsWith('SubscriptionApiFunction'));

    // Assess
    expect(apiFunction!.Properties.Environment).toMatchObject({ Variables: { CONFIRMATION_MAILS_PER_DAY: '200', SUBSCRIBE_REQUESTS_PER_HOUR: '10' } });
  });
});

describe('deploy rules of one context', () => {
  // Route 53 Developer Guide, "Values for basic resource record sets" (a name is fully qualified with its trailing dot)
  // and AWS::SES::EmailIdentity return values: DkimDNSTokenName1-3 are the full host names `<token>._domainkey.<domain>`.
  // CDK's CnameRecord and TxtRecord append the zone to a recordName without a trailing dot, tokens included.
  it('names every sender record exactly once, the DKIM names as SES gives them', () => {
    // Prepare
    const { template } = buildHeraldStack(ZONE_WITH_NEW_IDENTITY);
    const [[identity]] = resources(template, 'AWS::SES::EmailIdentity');

    // Act
    const sets = resources(template, 'AWS::Route53::RecordSet').map(([, r]) => r.Properties as { Type: string; Name: unknown });

    // Assess
    expect(sets.filter((r) => r.Type === 'CNAME').map((r) => r.Name)).toEqual([1, 2, 3].map((n) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [identity, `DkimDNSTokenName${n}`] }, '.']] })));
    expect(sets.filter((r) => r.Type !== 'CNAME').map((r) => [r.Type, r.Name]).sort()).toEqual([
      ['A', 'news.example.com.'], ['AAAA', 'news.example.com.'], ['MX', 'mail.example.com.'], ['TXT', '_dmarc.example.com.'], ['TXT', 'mail.example.com.'],
    ]);
    expect(JSON.stringify(sets)).not.toContain('example.com.example.com');
  });

  // SES Developer Guide, "Creating and verifying identities": an account and region hold one identity per domain.
  // IAM User Guide, "Create an OpenID Connect (OIDC) identity provider": one provider per URL in an account.
  it('uses an existing SES identity and GitHub OIDC provider instead of creating them', () => {
    // Prepare
    const { template } = buildHeraldStack(FULL);

    // Act
    const trust = resources(template, 'AWS::IAM::Role').map(([, r]) => r.Properties.AssumeRolePolicyDocument).find((d) => JSON.stringify(d).includes('AssumeRoleWithWebIdentity'));

    // Assess
    template.resourceCountIs('AWS::SES::EmailIdentity', 0);
    template.resourceCountIs('Custom::AWSCDKOpenIdConnectProvider', 0);
    template.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    expect(statementsOf(trust)[0]!.Principal).toEqual({ Federated: FULL.githubOidcProviderArn });
    expect(resources(template, 'AWS::Route53::RecordSet').map(([, r]) => r.Properties.Type).sort()).toEqual(['A', 'AAAA']);
  });

  it('creates the provider and the identity by default', () => {
    // Prepare
    const { template } = buildHeraldStack({ githubRepo: 'example/blog' });

    // Act & Assess
    template.resourceCountIs('AWS::SES::EmailIdentity', 1);
    template.resourceCountIs('Custom::AWSCDKOpenIdConnectProvider', 1);
  });

  it('takes a budget of confirmation mails from cdk.json', () => {
    // Prepare
    const { template } = buildHeraldStack({ confirmationMailsPerDay: 50, subscribeRequestsPerHour: 3 });

    // Act & Assess
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ CONFIRMATION_MAILS_PER_DAY: '50', SUBSCRIBE_REQUESTS_PER_HOUR: '3' }) } });
  });

  // CDK Developer Guide, "Feature flags": `cdk init` writes the recommended flags of the installed aws-cdk-lib
  // (its recommended-feature-flags.json) into cdk.json; an app without them runs with the old behaviours.
  it('sets every feature flag aws-cdk-lib recommends in cdk.json', () => {
    // Prepare
    const recommended = JSON.parse(readFileSync(join(require.resolve('aws-cdk-lib/package.json'), '..', 'recommended-feature-flags.json'), 'utf8')) as Record<string, unknown>;

    // Act
    const flags = cdkJsonFeatureFlags();

    // Assess
    expect(flags).toEqual(expect.objectContaining(recommended));
  });
});
