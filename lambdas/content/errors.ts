import { printable } from './pathProblem';

/** Base class for every problem with an author's content. */
export class ContentError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Where in which file a rejected article went wrong, so the author can fix it. */
export interface ArticleProblem {
  /** Source path relative to the content root. */
  readonly file: string;
  /** 1-based line, when the problem has one. */
  readonly line?: number;
  /** Front matter field at fault, when there is one. */
  readonly field?: string;
  readonly reason: string;
}

/**
 * An article that cannot be published. The message reads like a compiler
 * diagnostic (`posts/a.md:3: field "date": …`) so editors can jump to it.
 */
export class ArticleError extends ContentError implements ArticleProblem {
  readonly file: string;
  readonly line?: number;
  readonly field?: string;
  readonly reason: string;

  constructor(problem: ArticleProblem, options?: ErrorOptions) {
    const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
    const what = problem.field === undefined ? problem.reason : `field "${problem.field}": ${problem.reason}`;
    super(`${where}: ${what}`, options);
    this.file = problem.file;
    this.line = problem.line;
    this.field = problem.field;
    this.reason = problem.reason;
  }
}

/** A date value that does not name a real moment; the caller adds file and field. */
export class InvalidDateError extends ContentError {}

/**
 * A site write refused because it would leave its place (outside the site
 * root, over a root file or another article's page). Always a bug upstream:
 * the checks of slugs and static files should have stopped it first.
 */
export class UnsafePathError extends ContentError {
  constructor(readonly path: string, readonly reason: string, options?: ErrorOptions) {
    super(`refused to write "${printable(path)}": ${reason}`, options);
  }
}
