import type { Context } from 'hono';
import type { Principal } from '../auth/principal.js';
import type { DomainError } from '../domain/errors.js';
import { type IdempotencyScope, requestFingerprint } from '../writes/idempotency.js';
import type { WriteOutcome, WritePlan } from '../writes/plan.js';
import { runWrite } from '../writes/run.js';
import type { AppEnv } from './context.js';
import { fail } from './problems.js';

/** What an Idempotency-Key may be: 1 to 255 printable ASCII characters, no spaces. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7E]{1,255}$/;

/**
 * Whether a write takes an Idempotency-Key: required where points or money move, optional for
 * other writes, none where a replay would store what must not be stored (a minted token).
 */
export type KeyPolicy = 'required' | 'optional' | 'none';

/** What the Idempotency-Key header can be refused with, by policy. */
export const KEY_REFUSALS = {
  required: ['idempotency_key_missing', 'idempotency_key_reused'],
  optional: ['idempotency_key_reused'],
} as const;

/**
 * Runs a write for the request's principal through the one write runner, with the Idempotency-Key
 * contract: with a key, a replay answers the original status and body (`Idempotent-Replayed: true`)
 * and a key reused with another body is refused; a refusal of the plan becomes its problem.
 */
export async function write<T>(
  c: Context<AppEnv>,
  policy: KeyPolicy,
  requestBody: unknown,
  plan: (idempotencyKey: string | undefined) => Promise<WritePlan<T> | DomainError>,
): Promise<WriteOutcome<T>> {
  const key = idempotencyKey(c, policy);
  const { db, clock, config } = c.get('deps');
  const idempotency: IdempotencyScope | undefined =
    key === undefined
      ? undefined
      : {
          ...principalScope(c.get('principal')),
          key,
          requestHash: await requestFingerprint(c.req.method, c.req.path, requestBody),
        };
  const outcome = await runWrite(
    db,
    { retryLimit: config.writeRetryLimit, nowMs: clock(), idempotency },
    () => plan(key),
  );
  if ('code' in outcome) fail(outcome);
  if (outcome.replayed) c.header('Idempotent-Replayed', 'true');
  if (outcome.recordedEvents === true) c.get('deps').webhooksDue?.(waitUntilOf(c));
  return outcome;
}

/** The Workers runtime's `waitUntil` for this request; Node has none. */
export function waitUntilOf(c: Context<AppEnv>): ((work: Promise<unknown>) => void) | undefined {
  try {
    const context = c.executionCtx;
    return (work) => context.waitUntil(work);
  } catch {
    return undefined;
  }
}

function idempotencyKey(c: Context<AppEnv>, policy: KeyPolicy): string | undefined {
  if (policy === 'none') return undefined;
  const key = c.req.header('idempotency-key');
  if (key === undefined || key === '') {
    if (policy === 'optional') return undefined;
    fail({
      code: 'idempotency_key_missing',
      detail: 'This write needs an Idempotency-Key header, unique per operation.',
    });
  }
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    fail({
      code: 'validation_failed',
      detail: 'The Idempotency-Key must be 1 to 255 printable ASCII characters without spaces.',
    });
  }
  return key;
}

function principalScope(principal: Principal): Pick<IdempotencyScope, 'principalKind' | 'principalId'> {
  switch (principal.kind) {
    case 'partner':
      return { principalKind: 'partner', principalId: principal.partnerId };
    case 'member':
      return { principalKind: 'member', principalId: principal.memberId };
    case 'operator':
      return { principalKind: 'operator', principalId: principal.subject };
  }
}
