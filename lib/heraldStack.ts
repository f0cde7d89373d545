import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AccessLogs } from './constructs/accessLogs';
import { Alerts } from './constructs/alerts';
import { ContentStore } from './constructs/contentStore';
import { GithubPublishRole } from './constructs/githubPublishRole';
import { MailFeedback } from './constructs/mailFeedback';
import { Newsletter } from './constructs/newsletter';
import { SubscriberTable } from './constructs/subscriberTable';
import { SubscriptionApi } from './constructs/subscriptionApi';
import { Publisher } from './constructs/publisher';
import { SiteHosting } from './constructs/siteHosting';
import { heraldContextFrom } from './heraldContext';

/**
 * Herald on AWS, wired as DESIGN.md draws it: content bucket → publish
 * function → site bucket behind CloudFront, and first publications →
 * notify → send → SES for the newsletter.
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
    const newsletter = new Newsletter(this, 'Newsletter', {
      announcements: publisher.announcements,
      contentBucket: content.bucket,
      subscribers: subscribers.table,
      tokenSecret: api.secret,
      siteUrl: site.url,
      siteContext: context.siteContext,
      newsletterContext: { ...context.newsletterContext, senderAddress: context.senderAddress },
      senderAddress: context.senderAddress,
      configurationSetName: feedback.configurationSet.configurationSetName,
      sendConcurrency: context.sendConcurrency,
      ...(context.sendRate && { sendRate: context.sendRate }),
    });

    const alerts = new Alerts(this, 'Alerts', { ...(context.alarmEmail && { email: context.alarmEmail }) });
    alerts.whenQueueHoldsMessages('PublishDeadLetters', publisher.deadLetterQueue, 'Content events failed five times: look at the publish function\'s logs, fix the cause, then redrive the dead-letter queue.');
    alerts.whenQueueHoldsMessages('AnnouncementDeadLetters', publisher.announcementsDeadLetterQueue, 'An announcement failed five times, so its newsletter has not started: look at the notify function\'s logs, then redrive.');
    alerts.whenQueueHoldsMessages('DeliveryDeadLetters', newsletter.deliveriesDeadLetterQueue, 'A newsletter batch failed ten times (SES throttling or refusing for over an hour?): look at the send function\'s logs, then redrive; the ledger keeps redriven batches from mailing anyone twice.');
    alerts.whenQueueHoldsMessages('FeedbackDeadLetters', feedback.deadLetterQueue, 'A bounce or complaint could not be recorded: look at the suppression function\'s logs.');

    new CfnOutput(this, 'SiteUrl', { value: site.url });
    new CfnOutput(this, 'ApiUrl', { value: `${site.url}api/` });
    new CfnOutput(this, 'FeedUrl', { value: `${site.url}feed.xml` });
    new CfnOutput(this, 'ContentBucketName', { value: content.bucket.bucketName });
    new CfnOutput(this, 'AnnouncementsQueueUrl', { value: publisher.announcements.queueUrl });
    new CfnOutput(this, 'CampaignsTableName', { value: newsletter.table.tableName });
    new CfnOutput(this, 'SubscribersTableName', { value: subscribers.table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: alerts.topic.topicArn });
    if (context.githubRepo) {
      const github = new GithubPublishRole(this, 'GithubPublish', { contentBucket: content.bucket, repository: context.githubRepo, branch: context.githubBranch });
      new CfnOutput(this, 'PublishRoleArn', { value: github.role.roleArn });
    }
  }
}
