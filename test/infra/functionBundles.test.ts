import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildHeraldStack } from './buildHeraldStack';

jest.setTimeout(60_000);

describe('function bundles', () => {
  it('load only the AWS SDK packages each function calls', () => {
    // Prepare: Lambda's Node.js runtime provides @aws-sdk/*, so the bundles
    // require it at load time, and every client required is paid at cold start.
    const { template, assemblyDirectory } = buildHeraldStack({ websubHub: 'https://pubsubhubbub.appspot.com/' });
    const functions = template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs24.x' } });

    // Act
    const loaded = Object.fromEntries(Object.entries(functions).map(([id, fn]) => {
      const asset = (fn.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
      const code = readFileSync(join(assemblyDirectory, `asset.${asset}`, 'index.js'), 'utf8');
      const packages = [...code.matchAll(/require\("(@aws-sdk\/[^"/]+)/g)].map((m) => m[1]!);
      return [id.replace(/[0-9A-F]{8}$/, ''), [...new Set(packages)].sort()];
    }));

    // Assess
    const dynamo = ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'];
    expect(loaded).toEqual({
      PublisherFunction: [...dynamo, '@aws-sdk/client-s3', '@aws-sdk/client-sqs'].sort(),
      PublisherRebuildFunction: [...dynamo, '@aws-sdk/client-s3', '@aws-sdk/client-sqs'].sort(),
      NewsletterNotifyFunction: [...dynamo, '@aws-sdk/client-s3', '@aws-sdk/client-sqs'].sort(),
      NewsletterSendFunction: [...dynamo, '@aws-sdk/client-secrets-manager', '@aws-sdk/client-sesv2', '@aws-sdk/client-sqs'].sort(),
      NewsletterGuardFunction: [...dynamo, '@aws-sdk/client-lambda'].sort(),
      SubscriptionApiFunction: [...dynamo, '@aws-sdk/client-s3', '@aws-sdk/client-secrets-manager', '@aws-sdk/client-sesv2', '@aws-sdk/client-sqs'].sort(),
      SubscriptionApiInviteFunction: [...dynamo, '@aws-sdk/client-secrets-manager', '@aws-sdk/client-sesv2'].sort(),
      MailFeedbackFunction: dynamo,
      WebsubFunction: ['@aws-sdk/client-sqs'],
    });
  });
});
