import { Duration, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SnsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { ConfigurationSet, EmailSendingEvent, EventDestination, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { heraldFunction } from './heraldFunction';
import { allowKeyUse } from './allowServicePublish';

/** Props of {@link MailFeedback}. */
export interface MailFeedbackProps {
  /** The subscribers table whose addresses get suppressed. */
  readonly subscribers: ITableV2;
  /** Customer-managed key for the topic: SES cannot publish to a topic under the AWS-managed SNS key. */
  readonly topicKey: IKey;
}

/**
 * The SES configuration set every Herald mail is sent in, with bounces and
 * complaints published to SNS and a function that marks those subscribers
 * so they are never mailed again. The account-level suppression list stays on too.
 */
export class MailFeedback extends Construct {
  public readonly configurationSet: ConfigurationSet;
  public readonly topic: Topic;
  public readonly function: NodejsFunction;
  public readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: MailFeedbackProps) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', { suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS });
    this.topic = new Topic(this, 'Events', { enforceSSL: true, masterKey: props.topicKey });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(this.topic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    // The destination adds SES's statement to the topic policy; the key needs one too, held to this configuration set.
    allowKeyUse(this.topic, props.topicKey, 'ses.amazonaws.com', Stack.of(this).formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }));

    this.deadLetterQueue = new Queue(this, 'DeadLetters', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    this.function = heraldFunction(this, 'Function', {
      handler: 'suppress',
      memorySize: 256,
      timeout: Duration.seconds(30),
      retryAttempts: 2,
      deadLetterQueue: this.deadLetterQueue,
      environment: { SUBSCRIBERS_TABLE: props.subscribers.tableName },
    });
    this.function.addEventSource(new SnsEventSource(this.topic));
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:UpdateItem'], resources: [props.subscribers.tableArn] }));
  }
}
