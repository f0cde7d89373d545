import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';
import { AccessLogs } from './constructs/accessLogs';
import { Alerts } from './constructs/alerts';
import { Monitoring } from './constructs/monitoring';
import { SenderIdentity } from './constructs/senderIdentity';
import { ContentStore } from './constructs/contentStore';
import { GithubPublishRole } from './constructs/githubPublishRole';
import { MailFeedback } from './constructs/mailFeedback';
import { Newsletter } from './constructs/newsletter';
import { SubscriberTable } from './constructs/subscriberTable';
import { SubscriptionApi } from './constructs/subscriptionApi';
import { Publisher } from './constructs/publisher';
import { SiteHosting } from './constructs/siteHosting';
import { Websub } from './constructs/websub';
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
      accessLogs: logs.bucket,
      siteUrl: site.url,
      siteContext: context.siteContext,
      scheduleMinutes: context.scheduleMinutes,
      reconcileHours: context.reconcileHours,
    });

    const websub = context.site.websubHub
      ? new Websub(this, 'Websub', { rebuildFunction: publisher.rebuildFunction, siteUrl: site.url, siteContext: context.siteContext })
      : undefined;

    // SES and CloudWatch cannot publish to topics under the AWS-managed SNS key, so Herald's topics share one of its own;
    // each topic grants its publisher the key (allowServicePublish). It only protects messages in transit through SNS,
    // so it goes with the stack, after KMS's shortest waiting period.
    const topicKey = new Key(this, 'TopicKey', {
      description: 'Herald SNS topics (SES feedback, alarms)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    const zone = context.hostedZoneId && context.hostedZoneName ? HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: context.hostedZoneId, zoneName: context.hostedZoneName }) : undefined;

    const subscribers = new SubscriberTable(this, 'Subscribers');
    const feedback = new MailFeedback(this, 'MailFeedback', { subscribers: subscribers.table, topicKey });
    new SenderIdentity(this, 'Sender', {
      senderAddress: context.senderAddress,
      existing: context.senderIdentityExists,
      configurationSet: feedback.configurationSet,
      ...(zone && { hostedZone: zone }),
      ...(context.dmarcReportEmail && { dmarcReportAddress: context.dmarcReportEmail }),
    });
    const api = new SubscriptionApi(this, 'SubscriptionApi', {
      table: subscribers.table,
      siteBucket: site.bucket,
      siteUrl: site.url,
      siteContext: context.siteContext,
      newsletterContext: context.newsletterContext,
      senderAddress: context.senderAddress,
      welcomeMail: context.welcomeMail,
      configurationSetName: feedback.configurationSet.configurationSetName,
      confirmationMailsPerDay: context.confirmationMailsPerDay,
      subscribeRequestsPerHour: context.subscribeRequestsPerHour,
    });
    site.addApi(api.api, api.originSecret);
    if (zone && context.domainName) site.addDnsRecords(zone);
    const newsletter = new Newsletter(this, 'Newsletter', {
      announcements: publisher.announcements,
      announcementsDeadLetterQueue: publisher.announcementsDeadLetterQueue,
      digestSchedule: context.digestSchedule,
      entriesBucket: publisher.entriesBucket,
      subscribers: subscribers.table,
      tokenSecret: api.secret,
      siteUrl: site.url,
      siteContext: context.siteContext,
      newsletterContext: { ...context.newsletterContext, senderAddress: context.senderAddress },
      senderAddress: context.senderAddress,
      configurationSetName: feedback.configurationSet.configurationSetName,
      sendConcurrency: context.sendConcurrency,
      topicKey,
      ...(context.sendRate && { sendRate: context.sendRate }),
    });

    const alerts = new Alerts(this, 'Alerts', { topicKey, ...(context.alarmEmail && { email: context.alarmEmail }) });
    const monitoring = new Monitoring(this, 'Monitoring', { alerts, publisher, newsletter, api, feedback, ...(websub && { websub }) });

    new CfnOutput(this, 'SiteUrl', { value: site.url });
    new CfnOutput(this, 'ApiUrl', { value: `${site.url}api/` });
    new CfnOutput(this, 'FeedUrl', { value: `${site.url}feed.xml` });
    new CfnOutput(this, 'ContentBucketName', { value: content.bucket.bucketName });
    new CfnOutput(this, 'ArticlesTableName', { value: publisher.table.tableName, description: 'for "herald reconcile --table"' });
    new CfnOutput(this, 'EventsQueueUrl', { value: publisher.queue.queueUrl, description: 'for "herald reconcile --queue-url"' });
    new CfnOutput(this, 'AnnouncementsQueueUrl', { value: publisher.announcements.queueUrl });
    new CfnOutput(this, 'CampaignsTableName', { value: newsletter.table.tableName });
    new CfnOutput(this, 'SubscribersTableName', { value: subscribers.table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: alerts.topic.topicArn });
    new CfnOutput(this, 'AtomFeedUrl', { value: `${site.url}atom.xml` });
    new CfnOutput(this, 'JsonFeedUrl', { value: `${site.url}feed.json` });
    new CfnOutput(this, 'SendMappingId', { value: newsletter.sendMappingId, description: 'for "herald campaigns resume --mapping"' });
    new CfnOutput(this, 'DashboardUrl', { value: `https://console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${monitoring.dashboard.dashboardName}` });
    if (context.githubRepo) {
      const github = new GithubPublishRole(this, 'GithubPublish', {
        contentBucket: content.bucket,
        repository: context.githubRepo,
        branch: context.githubBranch,
        ...(context.githubOidcProviderArn && { existingProviderArn: context.githubOidcProviderArn }),
      });
      new CfnOutput(this, 'PublishRoleArn', { value: github.role.roleArn });
    }
  }
}
