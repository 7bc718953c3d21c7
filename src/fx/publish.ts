import { type AuditHook, noAudit } from '../db/audit.js';
import { insertFxSnapshotStatement } from '../db/fx.js';
import type { AppDependencies } from '../dependencies.js';
import { type DomainError, isDomainError, type RefusalOf } from '../domain/errors.js';
import { checkAsOf, checkPublishedRates, type FxSnapshot } from '../domain/fx.js';
import type { WritePlan } from '../writes/plan.js';

/** What publishing FX rates can be refused with. */
export const PUBLISH_RATES_REFUSALS = [
  'validation_failed',
  'unknown_currency',
  'invalid_amount',
  'too_many_decimals',
] as const;

/** Publishes a snapshot `1 reference = rate currency`, kept forever, valid as of `asOfMs` (default now). */
export async function planPublishRates(
  context: Pick<AppDependencies, 'db' | 'ids' | 'clock' | 'config'>,
  request: { rates: Readonly<Record<string, string>>; asOfMs?: number | undefined },
  audit: AuditHook = noAudit,
): Promise<WritePlan<FxSnapshot> | DomainError<RefusalOf<typeof PUBLISH_RATES_REFUSALS>>> {
  const now = context.clock();
  const asOfMs = request.asOfMs ?? now;
  const asOfError = checkAsOf(asOfMs, now);
  if (asOfError) return asOfError;
  const rates = checkPublishedRates(request.rates, context.config.referenceCurrency);
  if (isDomainError(rates)) return rates;
  const snapshot: FxSnapshot = {
    id: context.ids('fx'),
    referenceCurrency: context.config.referenceCurrency,
    asOfMs,
    createdAtMs: now,
    rates,
  };
  const summary = {
    referenceCurrency: snapshot.referenceCurrency,
    asOf: new Date(asOfMs).toISOString(),
    rates,
  };
  return {
    status: 201,
    body: snapshot,
    statements: [insertFxSnapshotStatement(context.db, snapshot), ...audit(snapshot.id, summary)],
  };
}
