import { Duration, Stack } from 'aws-cdk-lib';
import { Dashboard, GraphWidget, MathExpression, Metric, SingleValueWidget, TextWidget, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import type { Alerts } from './alerts';
import type { MailFeedback } from './mailFeedback';
import type { Newsletter } from './newsletter';
import type { Publisher } from './publisher';
import type { SubscriptionApi } from './subscriptionApi';
import type { Websub } from './websub';

/** Props of {@link Monitoring}. */
export interface MonitoringProps {
  readonly alerts: Alerts;
  readonly publisher: Publisher;
  readonly newsletter: Newsletter;
  readonly api: SubscriptionApi;
  readonly feedback: MailFeedback;
  /** WebSub publishing, when the site has a hub. @default none */
  readonly websub?: Websub;
}

// AWS puts an account under review at a 5% bounce rate or a 0.1% complaint rate; these alarm before that.
const BOUNCE_RATE_LIMIT = 0.04;
const COMPLAINT_RATE_LIMIT = 0.0008;
const FIVE_MINUTES = Duration.minutes(5);
// SES updates its reputation metrics slowly; a quarter of an hour smooths single readings.
const REPUTATION_PERIOD = Duration.minutes(15);

/**
 * The alarms an operator needs and one dashboard with the pipeline at a
 * glance. Every alarm goes to the alerts topic; the reputation alarms also
 * go to the newsletter's guard, which pauses sending.
 */
export class Monitoring extends Construct {
  public readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { alerts, publisher, newsletter, api, feedback, websub } = props;
    const functions: Record<string, NodejsFunction> = {
      Publish: publisher.function, Rebuild: publisher.rebuildFunction, Notify: newsletter.notifyFunction, Send: newsletter.sendFunction, Api: api.function, Invite: api.inviteFunction, Suppress: feedback.function, Guard: newsletter.guardFunction,
      ...(websub && { Websub: websub.function }),
    };
    // A failing hub is not an alarm (it is counted: WebSubPingFailures, WebSubPingsAbandoned); a ping that could not even be re-queued is.
    if (websub) alerts.whenQueueHoldsMessages('WebsubDeadLetters', websub.deadLetterQueue, 'A WebSub ping could not be queued again five times: look at the websub function\'s logs. Feed readers still see changes when they poll.');

    alerts.whenQueueHoldsMessages('PublishDeadLetters', publisher.deadLetterQueue, 'Content events failed five times: look at the publish function\'s logs, fix the cause, then redrive the dead-letter queue (or run "herald reconcile").');
    alerts.whenQueueHoldsMessages('RebuildDeadLetters', publisher.rebuildDeadLetterQueue, 'A site rebuild failed five times: look at the rebuild function\'s logs, fix the cause, then redrive; the next tick asks for the rebuild again meanwhile.');
    alerts.whenQueueHoldsMessages('AnnouncementDeadLetters', publisher.announcementsDeadLetterQueue, 'An announcement failed five times, so its newsletter has not started: look at the notify function\'s logs, then redrive.');
    alerts.whenQueueHoldsMessages('DeliveryDeadLetters', newsletter.deliveriesDeadLetterQueue, 'A newsletter batch failed ten times (SES throttling or refusing for over an hour?): look at the send function\'s logs, then redrive; the ledger keeps redriven batches from mailing anyone twice.');
    alerts.whenQueueHoldsMessages('FeedbackDeadLetters', feedback.deadLetterQueue, 'A bounce or complaint could not be recorded: look at the suppression function\'s logs.');
    alerts.whenQueueHoldsMessages('GuardDeadLetters', newsletter.guardDeadLetterQueue, 'A reputation alarm could not pause sending: pause it by hand (disable the send function\'s SQS trigger) and look at the guard function\'s logs.');
    alerts.whenQueueHoldsMessages('InvitationDeadLetters', api.invitationsDeadLetterQueue, 'A subscribe request\'s confirmation mail failed five times: look at the invite function\'s logs, then redrive (an invitation older than a day mails nobody).');
    for (const [name, fn] of Object.entries(functions)) {
      alerts.whenAbove(`${name}Errors`, fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }), 0, `The ${name.toLowerCase()} function failed (an error or a timeout): see its log group.`);
      // A throttled invocation is neither an error nor visible in the queue until its messages dead-letter much later.
      alerts.whenAbove(`${name}Throttles`, fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }), 0, `Lambda throttled the ${name.toLowerCase()} function (the account's concurrency is used up): its events wait and may end in a dead-letter queue. See the account's Lambda concurrency.`);
    }
    // Messages reported back in batchItemFailures are retried and not counted as Lambda errors: these metrics are the only early sign.
    alerts.whenAbove('PublishFailures', herald('publish', 'PublishFailures'), 0, 'The publish function could not handle a content event (it will be retried, then dead-lettered): see its log group.');
    alerts.whenAbove('InvitationFailures', herald('invite', 'InvitationFailures'), 0, 'The invite function could not mail a confirmation (it will be retried, then dead-lettered): see its log group.');
    alerts.whenAbove('ConfirmationBudgetReached', herald('api', 'ConfirmationBudgetReached'), 0, 'The day\'s budget of confirmation mails (confirmationMailsPerDay) is spent: subscribe requests get 429 until midnight UTC. A flood of sign-ups from a bot, or a popular day: look at the API access log, and raise the budget if it was real.');
    alerts.whenAbove('ArticleRejected', herald('publish', 'ArticlesRejected'), 0, 'An article was rejected: the publish function\'s log names the file, line, field and reason.');
    alerts.whenAbove('ThrottlingPersists', herald('send', 'MailsThrottled', Duration.minutes(1)), 0, 'SES has throttled sending for ten minutes: the account sends faster than its quota allows; lower sendRate or ask AWS for a higher quota.', { periods: 10 });
    alerts.whenAbove('ApiServerErrors', api.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }), 0, 'The subscription API answered 5xx: see the API function\'s logs.');
    const pause = { also: [newsletter.reputationTopic] };
    alerts.whenAbove('BounceRate', reputation('Reputation.BounceRate'), BOUNCE_RATE_LIMIT, `The account's bounce rate is above ${BOUNCE_RATE_LIMIT * 100}% (AWS reviews accounts at 5%): sending is paused. Clean the list, then "herald campaigns resume".`, pause);
    alerts.whenAbove('ComplaintRate', reputation('Reputation.ComplaintRate'), COMPLAINT_RATE_LIMIT, `The account's complaint rate is above ${COMPLAINT_RATE_LIMIT * 100}% (AWS reviews accounts at 0.1%): sending is paused. Find out why readers complain, then "herald campaigns resume".`, pause);

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `${Stack.of(this).stackName}-pipeline`, defaultInterval: Duration.days(7) });
    this.dashboard.addWidgets(new TextWidget({ markdown: '# Herald\nPublishing (content → site), subscriptions, newsletter delivery. Alarms go to the alerts topic.', width: 24, height: 2 }));
    this.dashboard.addWidgets(
      graph('Articles', [herald('publish', 'ArticlesPublished'), herald('publish', 'ArticlesRejected'), herald('publish', 'ArticlesAnnounced')]),
      graph('Subscribers', [herald('api', 'SubscribeRequests'), herald('invite', 'ConfirmationsSent'), herald('api', 'ConfirmationBudgetReached'), herald('api', 'SubscribersConfirmed'), herald('api', 'SubscribersUnsubscribed'), herald('suppress', 'SubscribersBounced'), herald('suppress', 'SubscribersComplained')]),
      graph('Mails', [herald('send', 'MailsSent'), herald('send', 'MailsFailed'), herald('send', 'MailsThrottled')]),
    );
    this.dashboard.addWidgets(
      graph('Campaign duration (s)', [herald('send', 'CampaignDuration', FIVE_MINUTES, 'Maximum')]),
      graph('Queues: messages waiting', [publisher.queue, publisher.rebuildQueue, publisher.announcements, newsletter.deliveries, api.invitations].map((q) => q.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum', label: q.node.path.split('/').slice(-2).join(' ') }))),
      graph('Dead-letter queues', [publisher.deadLetterQueue, publisher.rebuildDeadLetterQueue, publisher.announcementsDeadLetterQueue, newsletter.deliveriesDeadLetterQueue, feedback.deadLetterQueue, newsletter.guardDeadLetterQueue, api.invitationsDeadLetterQueue].map((q) => q.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum', label: q.node.path.split('/').slice(-2).join(' ') }))),
    );
    this.dashboard.addWidgets(
      graph('Function errors', Object.entries(functions).map(([name, fn]) => fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum', label: name }))),
      graph('Function duration p99 (ms)', Object.entries(functions).map(([name, fn]) => fn.metricDuration({ period: FIVE_MINUTES, statistic: 'p99', label: name }))),
      graph('API answers', [api.api.metricClientError({ period: FIVE_MINUTES, statistic: 'Sum', label: '4xx' }), api.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum', label: '5xx' })]),
    );
    this.dashboard.addWidgets(new SingleValueWidget({
      title: 'SES reputation (%)',
      width: 24,
      metrics: [
        new MathExpression({ expression: 'bounce * 100', usingMetrics: { bounce: reputation('Reputation.BounceRate') }, period: REPUTATION_PERIOD, label: `Bounce rate (alarm above ${BOUNCE_RATE_LIMIT * 100}%)` }),
        new MathExpression({ expression: 'complaint * 100', usingMetrics: { complaint: reputation('Reputation.ComplaintRate') }, period: REPUTATION_PERIOD, label: `Complaint rate (alarm above ${COMPLAINT_RATE_LIMIT * 100}%)` }),
      ],
    }));
  }
}

// Powertools metrics carry the function's service name as their one dimension.
function herald(service: string, metricName: string, period = FIVE_MINUTES, statistic = 'Sum'): Metric {
  return new Metric({ namespace: 'Herald', metricName, dimensionsMap: { service }, period, statistic });
}

function reputation(metricName: string): Metric {
  return new Metric({ namespace: 'AWS/SES', metricName, period: REPUTATION_PERIOD, statistic: 'Maximum' });
}

function graph(title: string, metrics: IMetric[]): GraphWidget {
  return new GraphWidget({ title, left: metrics, width: 8, height: 6 });
}
