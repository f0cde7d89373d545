/**
 * Something in an article that Herald fixed or dropped but that the author
 * should hear about; it never stops the article from publishing.
 */
export interface ContentWarning {
  /** Path of the source file, relative to the content root. */
  readonly file: string;
  /** 1-based line in the source file, when known. */
  readonly line?: number;
  readonly message: string;
}
