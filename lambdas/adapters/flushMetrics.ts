import type { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * Publishes the invocation's metrics, if it measured any. Powertools warns on
 * every publish with nothing stored, which an idle schedule tick or a health
 * check would print every time.
 */
export function flushMetrics(metrics: Metrics): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
