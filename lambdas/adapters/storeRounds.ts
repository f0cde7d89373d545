import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';

/**
 * Rounds a DynamoDB request gets when the service throttles it, fails on its
 * side, leaves part of a batch unprocessed or the connection breaks: AWS's
 * advice for these is to try again after a growing pause.
 */
export const STORE_ROUNDS = 8;

/**
 * True for an error after which the same request may simply be tried again:
 * throttling, a server-side failure or a broken connection, as the SDK's own
 * retry strategy classifies them (its retries are used up when one reaches us).
 */
export function isTransientStoreError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const sdkError = error as Parameters<typeof isThrottlingError>[0];
  return isThrottlingError(sdkError) || isTransientError(sdkError) || isServerError(sdkError);
}

/** Waits before round `round` (1, 2, …): exponential with full jitter, at most a second. */
export function pauseBeforeRound(round: number, random: () => number = Math.random): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** round) * random()));
}
