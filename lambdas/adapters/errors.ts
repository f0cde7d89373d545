/**
 * An AWS call that failed for a reason other than the expected "not found" or
 * "condition failed"; it names the operation and resource, and keeps the SDK
 * error as `cause` so retries and logs see the original.
 */
export class StoreError extends Error {
  constructor(
    readonly operation: string,
    readonly resource: string,
    options: { cause: unknown },
  ) {
    super(`${operation} ${resource} failed: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`, options);
    this.name = new.target.name;
  }
}

/** True for the SDK error of the given name (`NoSuchKey`, `ConditionalCheckFailedException`…). */
export function isAwsError(error: unknown, ...names: string[]): boolean {
  return error instanceof Error && names.includes(error.name);
}
