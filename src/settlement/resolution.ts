import { type AuditHook, noAudit } from '../db/audit.js';
import { type AdjustmentRow, findDispute, resolveDisputeStatements } from '../db/reconciliation.js';
import type { AppDependencies } from '../dependencies.js';
import { type DomainError, domainError, isDomainError, type RefusalOf } from '../domain/errors.js';
import { moneyToRational } from '../domain/money.js';
import { multiply, rational } from '../domain/rational.js';
import { exactDecimal } from '../domain/settlement/amounts.js';
import { eventDraft } from '../events/draft.js';
import { MONEY_REFUSALS, type MoneyRefusal, moneyFromWire, type WireMoney } from '../ledger/pricing.js';
import type { WritePlan } from '../writes/plan.js';
import { type DisputeView, disputeView } from './views.js';

export type Resolution =
  | {
      readonly decision: 'accept';
      readonly note: string;
      /** `credit`: in the partner's favour; `debit`: the partner pays more. Exactly one of amount or points. */
      readonly adjustment: {
        readonly direction: 'credit' | 'debit';
        readonly amount?: WireMoney | undefined;
        readonly points?: number | undefined;
      };
    }
  | { readonly decision: 'reject'; readonly reason: string };

type Context = Pick<AppDependencies, 'db' | 'config' | 'clock' | 'ids'>;

/** The exact reference amount of an adjustment: money in the reference currency, or points at the point value. */
function adjustmentAmount(
  context: Context,
  adjustment: Extract<Resolution, { decision: 'accept' }>['adjustment'],
): string | DomainError<'validation_failed' | 'currency_mismatch' | MoneyRefusal> {
  const { referenceCurrency, pointValue } = context.config;
  if ((adjustment.amount === undefined) === (adjustment.points === undefined)) {
    return domainError(
      'validation_failed',
      'An adjustment gives either "amount" or "points", not both and not neither.',
    );
  }
  if (adjustment.points !== undefined)
    return exactDecimal(multiply(rational(BigInt(adjustment.points)), pointValue));
  const amount = moneyFromWire(adjustment.amount ?? { amount: '', currency: '' });
  if (isDomainError(amount)) return amount;
  if (amount.currency !== referenceCurrency) {
    return domainError(
      'currency_mismatch',
      `Adjustments are made in the reference currency ${referenceCurrency}, like the partner's terms; got ${amount.currency}.`,
    );
  }
  return exactDecimal(moneyToRational(amount));
}

/** What resolving a dispute can be refused with. */
export const RESOLUTION_REFUSALS = [
  'dispute_not_found',
  'dispute_already_resolved',
  'currency_mismatch',
  'validation_failed',
  ...MONEY_REFUSALS,
] as const;

/**
 * Plans the resolution of an open dispute, once: accepted, it becomes an adjustment that the next
 * close settles (a closed period never changes); rejected, the reason is kept for the partner to
 * read. A resolution racing another fails its guard and is planned again, finding it resolved.
 */
export async function planResolution(
  context: Context,
  settlementId: string,
  disputeId: string,
  resolution: Resolution,
  audit: AuditHook = noAudit,
): Promise<WritePlan<DisputeView> | DomainError<RefusalOf<typeof RESOLUTION_REFUSALS>>> {
  const { db, ids, clock, config } = context;
  const dispute = await findDispute(db, settlementId, disputeId);
  if (dispute === undefined)
    return domainError('dispute_not_found', `Settlement ${settlementId} has no dispute ${disputeId}.`);
  if (dispute.status !== 'open') {
    return domainError('dispute_already_resolved', `Dispute ${disputeId} was already ${dispute.status}.`, {
      disputeStatus: dispute.status,
    });
  }
  const nowMs = clock();
  let adjustment: AdjustmentRow | undefined;
  if (resolution.decision === 'accept') {
    const amountReference = adjustmentAmount(context, resolution.adjustment);
    if (isDomainError(amountReference)) return amountReference;
    adjustment = {
      id: ids('adj'),
      partnerId: dispute.partnerId,
      disputeId,
      direction: resolution.adjustment.direction,
      amountReference,
      points: resolution.adjustment.points ?? null,
      note: resolution.note,
      createdAt: nowMs,
      appliedSettlementId: null,
    };
  }
  const status = resolution.decision === 'accept' ? ('accepted' as const) : ('rejected' as const);
  const note = resolution.decision === 'accept' ? resolution.note : resolution.reason;
  const details = {
    settlementId,
    partnerId: dispute.partnerId,
    status,
    adjustment:
      adjustment === undefined
        ? null
        : {
            direction: adjustment.direction,
            amountReference: adjustment.amountReference,
            points: adjustment.points,
          },
  };
  return {
    status: 200,
    body: disputeView(
      { ...dispute, status, resolutionNote: note, resolvedAt: nowMs },
      adjustment ?? null,
      config.referenceCurrency,
    ),
    statements: [
      ...resolveDisputeStatements(db, disputeId, { status, note, resolvedAt: nowMs }, adjustment),
      ...audit(disputeId, details),
    ],
    events: [
      eventDraft(
        context,
        'dispute.resolved',
        { settlementId, partnerId: dispute.partnerId, disputeId, status },
        { partnerId: dispute.partnerId },
      ),
    ],
  };
}
