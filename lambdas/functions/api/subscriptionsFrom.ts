import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { dynamoClient } from '../../adapters/dynamoClient';
import { s3Client } from '../../adapters/s3Client';
import { sesClient } from '../../adapters/sesClient';
import { DynamoSubscriberStore } from '../../adapters/dynamoSubscriberStore';
import { readSecret } from '../../adapters/readSecret';
import { S3LatestArticle } from '../../adapters/s3LatestArticle';
import { SesMailer } from '../../adapters/sesMailer';
import type { InvitationQueue } from '../../subscriptions/ports';
import { Subscriptions } from '../../subscriptions/subscriptions';
import type { SecretSource, SubscriptionConfig } from './config';

/** A secret's value: from Secrets Manager in AWS, as given locally. */
export async function secretValue(source: SecretSource): Promise<string> {
  return 'arn' in source ? readSecret(new SecretsManagerClient({}), source.arn) : source.value;
}

/**
 * The subscription flows wired to their adapters, as the API and invite
 * functions (and the local stack, through them) run them.
 */
export async function subscriptionsFrom(config: SubscriptionConfig, invitations: InvitationQueue): Promise<Subscriptions> {
  return new Subscriptions({
    site: config.site,
    store: new DynamoSubscriberStore(dynamoClient(config.endpoints.dynamodb), config.table),
    mailer: new SesMailer(sesClient(config.endpoints.ses), config.sender, config.configurationSet),
    invitations,
    secret: await secretValue(config.tokenSecret),
    latestArticle: new S3LatestArticle(s3Client(config.endpoints.s3), config.siteBucket),
    welcome: config.welcomeMail,
    ...(config.postalAddress && { postalAddress: config.postalAddress }),
    confirmationMailsPerDay: config.confirmationMailsPerDay,
    perClientHourlyLimit: config.subscribeRequestsPerHour,
  });
}
