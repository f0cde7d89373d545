import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { dynamoClient } from '../../adapters/dynamoClient';
import { s3Client } from '../../adapters/s3Client';
import { sesClient } from '../../adapters/sesClient';
import { S3LatestArticle } from '../../adapters/s3LatestArticle';
import { DynamoSubscriberStore } from '../../adapters/dynamoSubscriberStore';
import { readSecret } from '../../adapters/readSecret';
import { SesMailer } from '../../adapters/sesMailer';
import { flushMetrics } from '../../adapters/flushMetrics';
import { Subscriptions } from '../../subscriptions/subscriptions';
import { subscriptionConfigFrom } from './config';
import { routeApiRequest, type ApiDeps } from './routeApiRequest';
import { toApiRequest } from './toApiRequest';

/** The API function as API Gateway (HTTP API, payload 2.0) calls it. */
export type ApiHandler = (event: APIGatewayProxyEventV2, context?: Context) => Promise<APIGatewayProxyStructuredResultV2>;

// What a successful answer to each route means, as a metric.
const OUTCOME_METRICS: Readonly<Record<string, string>> = {
  'POST /api/subscribe': 'SubscribeRequests',
  'GET /api/confirm': 'SubscribersConfirmed',
  'POST /api/unsubscribe': 'SubscribersUnsubscribed',
};

/**
 * Builds the API handler: config and clients at cold start, the token key
 * read once from Secrets Manager on the first request.
 */
export function createApiHandler(env: NodeJS.ProcessEnv): ApiHandler {
  const config = subscriptionConfigFrom(env);
  const logger = new Logger({ serviceName: 'herald-api' });
  const metrics = new Metrics({ namespace: 'Herald', serviceName: 'api' });
  let deps: Promise<ApiDeps> | undefined;
  const ready = async (): Promise<ApiDeps> => ({
    site: config.site,
    subscriptions: new Subscriptions({
      site: config.site,
      store: new DynamoSubscriberStore(dynamoClient(), config.table),
      mailer: new SesMailer(sesClient(), config.sender, config.configurationSet),
      secret: await readSecret(new SecretsManagerClient({}), config.tokenSecretArn),
      latestArticle: new S3LatestArticle(s3Client(), config.siteBucket),
      welcome: config.welcomeMail,
      ...(config.postalAddress && { postalAddress: config.postalAddress }),
    }),
  });
  return async (event, context) => {
    if (context) logger.addContext(context);
    logger.setCorrelationId(event.requestContext?.requestId);
    try {
      deps ??= ready();
      const request = toApiRequest(event);
      const answer = await routeApiRequest(await deps, request);
      const metric = OUTCOME_METRICS[`${request.method} ${request.path.replace(/\/+$/, '')}`];
      if (answer.status < 300 && metric) metrics.addMetric(metric, MetricUnit.Count, 1);
      if (answer.status >= 400) metrics.addMetric('ApiClientErrors', MetricUnit.Count, 1);
      return { statusCode: answer.status, headers: { ...answer.headers }, body: answer.body };
    } catch (error) {
      // Only our own failures reach here (the router answers every bad request itself); say nothing of them to the client.
      deps = undefined;
      logger.error('request failed', { error: error as Error, path: event.rawPath });
      metrics.addMetric('ApiServerErrors', MetricUnit.Count, 1);
      return { statusCode: 500, headers: { 'content-type': 'application/json' }, body: '{"message":"Something went wrong on our side. Please try again later."}\n' };
    } finally {
      flushMetrics(metrics);
    }
  };
}
