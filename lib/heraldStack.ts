import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AccessLogs } from './constructs/accessLogs';
import { ContentStore } from './constructs/contentStore';
import { GithubPublishRole } from './constructs/githubPublishRole';
import { MailFeedback } from './constructs/mailFeedback';
import { SubscriberTable } from './constructs/subscriberTable';
import { SubscriptionApi } from './constructs/subscriptionApi';
import { Publisher } from './constructs/publisher';
import { SiteHosting } from './constructs/siteHosting';
import { heraldContextFrom } from './heraldContext';

/**
 * Herald on AWS, wired as DESIGN.md draws it: content bucket → publish
 * function → site bucket behind CloudFront.
 *
 * @example
 * new HeraldStack(app, 'Herald'); // settings from cdk.json context
 */
export class HeraldStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const context = heraldContextFrom(this.node);

    const logs = new AccessLogs(this, 'AccessLogs');
    const content = new ContentStore(this, 'Content', { accessLogs: logs.bucket });
    const site = new SiteHosting(this, 'Site', {
      accessLogs: logs.bucket,
      ...(context.domainName && { domainName: context.domainName }),
      ...(context.certificateArn && { certificateArn: context.certificateArn }),
    });
    const publisher = new Publisher(this, 'Publisher', {
      contentBucket: content.bucket,
      siteBucket: site.bucket,
      siteUrl: site.url,
      siteContext: context.siteContext,
      scheduleMinutes: context.scheduleMinutes,
    });

    const subscribers = new SubscriberTable(this, 'Subscribers');
    const feedback = new MailFeedback(this, 'MailFeedback', { subscribers: subscribers.table });
    const api = new SubscriptionApi(this, 'SubscriptionApi', {
      table: subscribers.table,
      siteBucket: site.bucket,
      siteUrl: site.url,
      siteContext: context.siteContext,
      senderAddress: context.senderAddress,
      welcomeMail: context.welcomeMail,
      configurationSetName: feedback.configurationSet.configurationSetName,
    });
    site.addApi(api.api);

    new CfnOutput(this, 'SiteUrl', { value: site.url });
    new CfnOutput(this, 'ApiUrl', { value: `${site.url}api/` });
    new CfnOutput(this, 'FeedUrl', { value: `${site.url}feed.xml` });
    new CfnOutput(this, 'ContentBucketName', { value: content.bucket.bucketName });
    new CfnOutput(this, 'AnnouncementsQueueUrl', { value: publisher.announcements.queueUrl });
    if (context.githubRepo) {
      const github = new GithubPublishRole(this, 'GithubPublish', { contentBucket: content.bucket, repository: context.githubRepo, branch: context.githubBranch });
      new CfnOutput(this, 'PublishRoleArn', { value: github.role.roleArn });
    }
  }
}
