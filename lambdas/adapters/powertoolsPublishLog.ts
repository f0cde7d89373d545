import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { PublishLog } from '../publish/publishLog';

/**
 * Structured JSON logs and CloudWatch metrics (EMF) for the publish and
 * rebuild functions: one line per event handled, a metric per outcome, so a
 * rejected article can raise an alarm.
 */
export function powertoolsPublishLog(logger: Logger, metrics: Metrics): PublishLog {
  return {
    published: (key, slug) => {
      logger.info('article published', { key, slug });
      metrics.addMetric('ArticlesPublished', MetricUnit.Count, 1);
    },
    removed: (key, slug) => {
      logger.info('article removed', { key, slug });
      metrics.addMetric('ArticlesRemoved', MetricUnit.Count, 1);
    },
    rejected: (error) => {
      logger.error('article rejected', { key: error.file, line: error.line, field: error.field, reason: error.reason });
      metrics.addMetric('ArticlesRejected', MetricUnit.Count, 1);
    },
    warned: (warning) => logger.warn('article warning', { key: warning.file, line: warning.line, reason: warning.message }),
    announced: (slug) => {
      logger.info('article announced', { slug });
      metrics.addMetric('ArticlesAnnounced', MetricUnit.Count, 1);
    },
    reconciled: (drift) => {
      if (drift.length === 0) return;
      logger.warn('reconcile found drift', { drift: drift.map((d) => `${d.kind} ${d.key}`) });
      metrics.addMetric('DriftFound', MetricUnit.Count, drift.length);
    },
    failed: (messageId, error) => {
      logger.error('message failed; it will be retried', { messageId, error: error as Error });
      metrics.addMetric('PublishFailures', MetricUnit.Count, 1);
    },
  };
}
