import type { ArticleError } from '../content/errors';
import type { ContentWarning } from '../content/contentWarning';
import type { Drift } from './findDrift';

/** Where the publish and rebuild functions report what happened; the handlers turn it into logs and metrics. */
export interface PublishLog {
  published(key: string, slug: string): void;
  removed(key: string, slug: string): void;
  rejected(error: ArticleError): void;
  warned(warning: ContentWarning): void;
  announced(slug: string): void;
  /** What a page of reconcile found and re-drove. */
  reconciled(drift: readonly Drift[]): void;
  /** A message that will be retried (and end in the dead-letter queue if it keeps failing). */
  failed(messageId: string, error: unknown): void;
}
