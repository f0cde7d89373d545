import * as z from 'zod';
import type { RebuildRequest } from './ports';
import { sha256 } from './sha256';

const schema = z.object({ slugs: z.array(z.string()), causes: z.array(z.string()).min(1) });

/** A rebuild request as a queue message body. */
export function rebuildRequestBody(request: RebuildRequest): string {
  return JSON.stringify({ slugs: request.slugs, causes: request.causes });
}

/**
 * The request's deduplication id: a hash of its causes. A cause names a
 * committed version (`posts/a.md@7`) or a one-off moment (`tick@…`), and a
 * request is sent only after its commits, so a request with the same id
 * asks for exactly what an earlier one did, and a new commit always gets a
 * new id: deduplication drops repeats and never a rebuild that is needed.
 */
export function rebuildRequestId(request: RebuildRequest): string {
  return sha256([...request.causes].sort().join('\n'));
}

/**
 * Reads a rebuild queue message.
 *
 * @throws Error saying what is wrong; such a message ends in the dead-letter queue.
 */
export function parseRebuildRequest(body: string): RebuildRequest {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error(`rebuild request is not JSON: ${body.slice(0, 200)}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new Error(`not a rebuild request (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}): ${body.slice(0, 200)}`);
  return parsed.data;
}
