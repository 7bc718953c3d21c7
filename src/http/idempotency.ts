import type { Context } from 'hono';
import { type DomainError, isDomainError } from '../domain/errors.js';
import {
  type IdempotentOutcome,
  requestFingerprint,
  runIdempotentWrite,
  type WritePlan,
} from '../ledger/idempotency.js';
import type { AppEnv } from './context.js';
import { fail } from './problems.js';

const KEY_PATTERN = /^[\x21-\x7E]{1,255}$/;

/**
 * Wraps a partner write in the Idempotency-Key contract: the header is required, a replay
 * answers the original status and body (with `Idempotent-Replayed: true`), and a reused key
 * with another body is refused.
 */
export async function idempotent<T>(
  c: Context<AppEnv>,
  partnerId: string,
  requestBody: unknown,
  plan: (idempotencyKey: string) => Promise<WritePlan<T> | DomainError>,
): Promise<IdempotentOutcome<T>> {
  const key = c.req.header('idempotency-key');
  if (key === undefined || key === '') {
    fail({
      code: 'idempotency_key_missing',
      detail: 'Every partner write needs an Idempotency-Key header, unique per operation.',
    });
  }
  if (!KEY_PATTERN.test(key)) {
    fail({
      code: 'validation_failed',
      detail: 'The Idempotency-Key must be 1 to 255 printable ASCII characters without spaces.',
    });
  }
  const { db, clock, config } = c.get('deps');
  const outcome = await runIdempotentWrite(
    db,
    {
      partnerId,
      key,
      requestHash: await requestFingerprint(c.req.method, c.req.path, requestBody),
      nowMs: clock(),
      retryLimit: config.writeRetryLimit,
    },
    plan,
  );
  if (isDomainError(outcome)) fail(outcome);
  if (outcome.replayed) c.header('Idempotent-Replayed', 'true');
  return outcome;
}
