import { ArnFormat, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Topic } from 'aws-cdk-lib/aws-sns';

/** The AWS services that publish to Herald's topics. */
export type PublishingService = 'cloudwatch.amazonaws.com' | 'ses.amazonaws.com';

// One key statement per (key, service, source) however many topics share it.
const keyGrants = new WeakMap<IKey, Set<string>>();

/**
 * Lets an AWS service publish to an encrypted topic on behalf of one source
 * (this account's alarms, a configuration set) and no one else's.
 *
 * A topic with `enforceSSL` gets a topic policy of its own, which replaces
 * SNS's default policy, so a service may publish only if a statement allows
 * it. AWS asks for `aws:SourceAccount` and `aws:SourceArn` on such grants
 * (the confused-deputy problem), on the topic policy and on the key policy
 * alike: SNS Developer Guide, "Enable compatibility between event sources
 * from AWS services and encrypted topics" (sns-key-management.html).
 */
export function allowServicePublish(topic: Topic, key: IKey, service: PublishingService, sourceArn: string): void {
  topic.addToResourcePolicy(new PolicyStatement({ principals: [new ServicePrincipal(service)], actions: ['sns:Publish'], resources: [topic.topicArn], conditions: sourceConditions(topic, sourceArn) }));
  allowKeyUse(topic, key, service, sourceArn);
}

/**
 * The key half of {@link allowServicePublish}, for a topic whose policy the
 * service's own construct writes (CDK's SES SNS event destination adds the
 * `ses.amazonaws.com` statement, with these conditions, to the topic policy).
 */
export function allowKeyUse(topic: Topic, key: IKey, service: PublishingService, sourceArn: string): void {
  const granted = keyGrants.get(key) ?? new Set<string>();
  keyGrants.set(key, granted);
  const grant = `${service} ${JSON.stringify(Stack.of(topic).resolve(sourceArn))}`;
  if (granted.has(grant)) return;
  granted.add(grant);
  key.addToResourcePolicy(new PolicyStatement({ principals: [new ServicePrincipal(service)], actions: ['kms:Decrypt', 'kms:GenerateDataKey*'], resources: ['*'], conditions: sourceConditions(topic, sourceArn) }));
}

function sourceConditions(topic: Topic, sourceArn: string): Record<string, Record<string, string>> {
  return { StringEquals: { 'aws:SourceAccount': Stack.of(topic).account }, ArnLike: { 'aws:SourceArn': sourceArn } };
}

/** The ARN pattern of the alarms of this stack's account and region: `arn:aws:cloudwatch:<region>:<account>:alarm:*`. */
export function alarmsSourceArn(topic: Topic): string {
  return Stack.of(topic).formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}
