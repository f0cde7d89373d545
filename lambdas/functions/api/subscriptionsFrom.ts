import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { dynamoClient } from '../../adapters/dynamoClient';
import { sesClient } from '../../adapters/sesClient';
import { DynamoSubscriberStore } from '../../adapters/dynamoSubscriberStore';
import { readSecret } from '../../adapters/readSecret';
import { SesMailer } from '../../adapters/sesMailer';
import type { InvitationQueue, LatestArticleSource, TopicSource } from '../../subscriptions/ports';
import { Subscriptions } from '../../subscriptions/subscriptions';
import type { SecretSource, SubscriptionConfig } from './config';

/** A secret's value: from Secrets Manager in AWS, as given locally. */
export async function secretValue(source: SecretSource): Promise<string> {
  return 'arn' in source ? readSecret(new SecretsManagerClient({}), source.arn) : source.value;
}

/**
 * The subscription flows wired to their adapters, as the API and invite
 * functions (and the local stack, through them) run them. Only the API
 * mails the welcome mail and shows the preference page, so only it hands in
 * the site's feed, where the latest article and the recent topics are (and
 * bundles the S3 client).
 */
export async function subscriptionsFrom(config: SubscriptionConfig, invitations: InvitationQueue, siteFeed?: LatestArticleSource & TopicSource): Promise<Subscriptions> {
  return new Subscriptions({
    site: config.site,
    store: new DynamoSubscriberStore(dynamoClient(config.endpoints.dynamodb), config.table),
    mailer: new SesMailer(sesClient(config.endpoints.ses), config.sender, config.configurationSet),
    invitations,
    secret: await secretValue(config.tokenSecret),
    ...(siteFeed && { latestArticle: siteFeed, topics: siteFeed }),
    welcome: config.welcomeMail,
    ...(config.postalAddress && { postalAddress: config.postalAddress }),
    confirmationMailsPerDay: config.confirmationMailsPerDay,
    perClientHourlyLimit: config.subscribeRequestsPerHour,
  });
}
