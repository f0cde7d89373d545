/** Base class for failures of the publish pipeline itself (not of an author's article). */
export class PublishError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Other deliveries kept changing one key while this one worked on it; the message is retried. */
export class ConcurrentChangeError extends PublishError {
  constructor(readonly key: string, readonly attempts: number) {
    super(`${key} changed under this delivery ${attempts} times in a row; it will be retried`);
  }
}

/** A record names a stored rendering that is not there; the rebuild is retried. */
export class MissingEntryError extends PublishError {
  constructor(readonly key: string, readonly path: string) {
    super(`the rendering of ${key} is missing from the entries store (${path}); it will be retried`);
  }
}
