import { ArticleError } from '../content/errors';
import { parseArticle, type ParseContext, type ParsedArticle, type SourceFile } from '../content/parseArticle';
import { renderPostPage } from './renderPostPage';

/** An article within the render budget, with its page. */
export interface RenderedArticle extends ParsedArticle {
  readonly page: string;
}

/** Most HTML one article may render to; a source under `maxArticleBytes` stays far below it unless something expands it. */
export const MAX_HTML_BYTES = 8 * 1024 * 1024;

/**
 * Parses and renders an article and holds it to the render budget: HTML
 * over {@link MAX_HTML_BYTES}, or a render slower than the site's
 * `renderBudgetMs`, rejects the article. The time is measured, not enforced:
 * `maxArticleBytes` is what bounds it, and the budget names the article that
 * comes close before it slows every deploy down. `herald build` and the
 * publish function both parse through here.
 *
 * @throws ArticleError for a broken article or one over budget.
 */
export function parseWithinBudget(source: SourceFile, ctx: ParseContext, now: () => number = () => performance.now()): ParsedArticle {
  const started = now();
  const parsed = parseArticle(source, ctx);
  const ms = now() - started;
  const bytes = Buffer.byteLength(parsed.article.html);
  if (bytes > MAX_HTML_BYTES) {
    throw new ArticleError({ file: source.key, reason: `it renders to ${mib(bytes)} of HTML, over the ${mib(MAX_HTML_BYTES)} budget for one article; split the article` });
  }
  if (ms > ctx.site.renderBudgetMs) {
    throw new ArticleError({ file: source.key, reason: `rendering took ${(ms / 1000).toFixed(1)} s, over the ${(ctx.site.renderBudgetMs / 1000).toFixed(1)} s budget (renderBudgetMs); split the article or simplify its largest tables` });
  }
  return parsed;
}

/**
 * {@link parseWithinBudget}, and the article's page.
 *
 * @throws ArticleError for a broken article or one over budget.
 */
export function renderArticle(source: SourceFile, ctx: ParseContext, now?: () => number): RenderedArticle {
  const parsed = parseWithinBudget(source, ctx, now);
  return { ...parsed, page: renderPostPage(ctx.site, parsed.article) };
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
