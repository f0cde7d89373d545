/** The type of the announcements-queue message that asks for the weekly digest. */
export const DIGEST_REQUEST_TYPE = 'WeeklyDigest';

/**
 * The message that asks the notify function for the digest of the slot at
 * or after `at`, as the schedule sends it (with its scheduled time) and
 * `herald digest --now` does.
 *
 * @example
 * digestRequestBody(new Date()); // '{"type":"WeeklyDigest","at":"2026-11-30T07:00:00.000Z"}'
 */
export function digestRequestBody(at: Date): string {
  return JSON.stringify({ type: DIGEST_REQUEST_TYPE, at: at.toISOString() });
}

/**
 * The moment a digest request names, or undefined for any other message.
 *
 * @throws Error for a digest request without a valid time.
 */
export function parseDigestRequest(body: string): Date | undefined {
  let message: { type?: unknown; at?: unknown };
  try {
    message = JSON.parse(body) as typeof message;
  } catch {
    return undefined; // not ours: the announcement parser says what is wrong with it
  }
  if (message?.type !== DIGEST_REQUEST_TYPE) return undefined;
  const at = typeof message.at === 'string' ? new Date(message.at) : undefined;
  if (!at || Number.isNaN(at.getTime())) throw new Error(`a ${DIGEST_REQUEST_TYPE} request needs "at", an ISO 8601 time: ${body.slice(0, 200)}`);
  return at;
}
