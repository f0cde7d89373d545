/** Base class for subscription problems a reader caused; the API answers them with a 4xx. */
export class SubscriptionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An address that cannot be subscribed, with the reason a reader can act on. */
export class InvalidEmailError extends SubscriptionError {}

/** A topic or cadence a reader cannot have, naming the field and why. */
export class InvalidPreferencesError extends SubscriptionError {
  constructor(readonly field: 'tags' | 'cadence', reason: string) {
    super(`${field}: ${reason}`);
  }
}

/** Why a link's token was refused. */
export type TokenProblem = 'malformed' | 'forged' | 'expired' | 'wrong-purpose';

/** A confirm or unsubscribe token that does not check out. */
export class InvalidTokenError extends SubscriptionError {
  constructor(readonly problem: TokenProblem, message: string) {
    super(message);
  }
}
