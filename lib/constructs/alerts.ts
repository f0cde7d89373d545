import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { alarmsSourceArn, allowServicePublish } from './allowServicePublish';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Props of {@link Alerts}. */
export interface AlertsProps {
  /** Who is emailed when an alarm fires (cdk.json context `alarmEmail`); subscribe to the topic otherwise. */
  readonly email?: string;
  /** Customer-managed key for the topic: CloudWatch cannot publish to a topic under the AWS-managed SNS key. */
  readonly topicKey: IKey;
}

/** The operator's alarm topic, and the alarms that publish to it. */
export class Alerts extends Construct {
  public readonly topic: Topic;

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'Herald alarms', enforceSSL: true, masterKey: props.topicKey });
    allowServicePublish(this.topic, props.topicKey, 'cloudwatch.amazonaws.com', alarmsSourceArn(this.topic));
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));
  }

  /** Alarms as soon as a dead-letter queue holds a message: something failed every retry and waits for a person. */
  whenQueueHoldsMessages(id: string, queue: IQueue, description: string): Alarm {
    return this.whenAbove(id, queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }), 0, description);
  }

  /** Alarms when a metric goes above a threshold for `periods` periods in a row; `also` are further topics to tell. */
  whenAbove(id: string, metric: IMetric, threshold: number, description: string, options: { periods?: number; also?: readonly ITopic[] } = {}): Alarm {
    const periods = options.periods ?? 1;
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: periods,
      datapointsToAlarm: periods,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    for (const topic of [this.topic, ...(options.also ?? [])]) alarm.addAlarmAction(new SnsAction(topic));
    return alarm;
  }
}
