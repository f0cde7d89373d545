import type { Article } from '../content/article';
import type { SkipReason } from './campaign';

const DAY = 86_400_000;

/**
 * Whether an announced article should not be mailed. The age is measured at
 * first publication, not now, so a newsletter delayed by an outage still goes
 * out, while a back catalogue imported on the first deploy mails nobody.
 * Drafts and future articles are never announced; a draft here means the
 * file was turned back into one before the newsletter started.
 */
export function skipReasonFor(article: Article, firstPublishedAt: Date, windowDays: number): SkipReason | undefined {
  if (article.draft) return 'draft';
  if (!article.notify) return 'notify-off';
  if (firstPublishedAt.getTime() - article.visibleFrom.getTime() > windowDays * DAY) return 'too-old';
  return undefined;
}

/** The words `herald campaigns` uses for a skip reason. */
export const SKIP_REASON_TEXT: Readonly<Record<SkipReason, string>> = {
  'draft': 'the article is a draft again',
  'notify-off': 'the article says "notify: false"',
  'too-old': 'the article was dated further back than the notify window when it was first published',
  'removed': 'the article was removed before its newsletter started',
  'empty-week': 'nothing new was published that week, so no digest went out',
};
