import { createHash, timingSafeEqual } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { flushMetrics } from '../../adapters/flushMetrics';
import { s3Client } from '../../adapters/s3Client';
import { S3SiteFeed } from '../../adapters/s3SiteFeed';
import { sqsClient } from '../../adapters/sqsClient';
import { SqsInvitationQueue } from '../../adapters/sqsInvitationQueue';
import { ConfigError } from '../../config/errors';
import type { InvitationQueue } from '../../subscriptions/ports';
import type { ApiResponse } from './apiTypes';
import { subscriptionConfigFrom } from './config';
import { ORIGIN_SECRET_HEADER } from './originSecretHeader';
import { routeApiRequest, type ApiDeps } from './routeApiRequest';
import { secretValue, subscriptionsFrom } from './subscriptionsFrom';
import { toApiRequest } from './toApiRequest';
import { viewerAddressOf } from './viewerAddressOf';

/** The API function as API Gateway (HTTP API, payload 2.0) calls it. */
export type ApiHandler = (event: APIGatewayProxyEventV2, context?: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * Builds the API handler: config and clients at cold start, the secrets read
 * once on the first request. `invitations` replaces the SQS invitation queue
 * (the local stack's own queue).
 *
 * Only CloudFront may call it: a request without the origin secret came to
 * the public execute-api URL directly and is refused (421, never 403, which
 * CloudFront would turn into the site's 404 page). Behind CloudFront the
 * reader's address is CloudFront's viewer address, trusted only then.
 */
export function createApiHandler(env: NodeJS.ProcessEnv, ports: { invitations?: InvitationQueue } = {}): ApiHandler {
  const config = subscriptionConfigFrom(env);
  const logger = new Logger({ serviceName: 'herald-api', ...(config.logLevel && { logLevel: config.logLevel }) });
  const metrics = new Metrics({ namespace: 'Herald', serviceName: 'api' });
  const invitations = ports.invitations ?? new SqsInvitationQueue(sqsClient(config.endpoints.sqs), queueUrl(config.inviteQueueUrl));
  let deps: Promise<{ router: ApiDeps; originDigest?: Buffer }> | undefined;
  const ready = async () => ({
    router: { site: config.site, digest: config.digest, subscriptions: await subscriptionsFrom(config, invitations, new S3SiteFeed(s3Client(config.endpoints.s3), config.siteBucket)) },
    ...(config.originSecret && { originDigest: digest(await secretValue(config.originSecret)) }),
  });
  return async (event, context) => {
    if (context) logger.addContext(context);
    logger.setCorrelationId(event.requestContext?.requestId);
    try {
      deps ??= ready();
      const { router, originDigest } = await deps;
      const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      let answer: ApiResponse;
      if (originDigest && !timingSafeEqual(digest(headers[ORIGIN_SECRET_HEADER] ?? ''), originDigest)) {
        answer = { status: 421, headers: { 'content-type': 'application/json; charset=utf-8' }, body: `${JSON.stringify({ message: `Use the API at ${config.site.url}api/.` })}\n`, event: 'DirectRequestsRefused' };
      } else {
        const viewer = originDigest ? viewerAddressOf(headers['cloudfront-viewer-address']) : undefined;
        answer = await routeApiRequest(router, toApiRequest(event, viewer));
      }
      if (answer.event) metrics.addMetric(answer.event, MetricUnit.Count, 1);
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

// Digests of equal length, so the comparison takes the same time whatever was sent.
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function queueUrl(url: string | undefined): string {
  if (!url) throw new ConfigError('subscription function environment: INVITE_QUEUE_URL is missing');
  return url;
}
