import { and, eq, sql } from 'drizzle-orm';
import { transactions } from '../db/schema/index.js';
import { findPartnerTransaction, type TransactionRow } from '../db/transactions.js';
import type { LedgerContext } from '../dependencies.js';
import { proportionalPart } from '../domain/conversion.js';
import { type DomainError, domainError, isDomainError, type RefusalOf } from '../domain/errors.js';
import { formatMoney } from '../domain/money.js';
import { eventDraft } from '../events/draft.js';
import { requireChangedRow } from '../writes/guards.js';
import type { WritePlan } from '../writes/plan.js';
import { planEarnExtension } from './earn.js';
import { type EarnExtension, noExtension } from './extensions.js';
import { partnerFunder, planCredit } from './postings.js';
import { MONEY_REFUSALS, moneyFromWire, partnerPricing, type WireMoney } from './pricing.js';
import { type TransactionView, transactionView } from './transaction-view.js';

/** Why a hold cannot be captured or voided. */
export const HOLD_REFUSALS = ['transaction_not_found', 'hold_not_pending', 'hold_expired'] as const;

/** What a capture can be refused with. */
export const CAPTURE_REFUSALS = [
  ...HOLD_REFUSALS,
  'currency_mismatch',
  'capture_exceeds_hold',
  ...MONEY_REFUSALS,
] as const;

async function pendingHold(
  context: LedgerContext,
  partnerId: string,
  transactionId: string,
): Promise<TransactionRow | DomainError<RefusalOf<typeof HOLD_REFUSALS>>> {
  const row = await findPartnerTransaction(context.db, partnerId, transactionId);
  if (row === undefined)
    return domainError('transaction_not_found', `Transaction ${transactionId} does not exist.`);
  if (row.kind !== 'earn' || row.holdExpiresAt === null)
    return domainError('hold_not_pending', `Transaction ${transactionId} is not a hold.`);
  if (row.status !== 'pending')
    return domainError('hold_not_pending', `The hold is already ${row.status}.`, { holdStatus: row.status });
  if (row.holdExpiresAt <= context.clock())
    return domainError('hold_expired', `The hold expired at ${new Date(row.holdExpiresAt).toISOString()}.`);
  return row;
}

/** The guarded status change that makes capture and void happen exactly once. */
function resolveHoldStatements(
  context: LedgerContext,
  row: TransactionRow,
  changes: Partial<typeof transactions.$inferInsert>,
) {
  const { db } = context;
  return [
    db
      .update(transactions)
      .set({ ...changes, resolvedAt: context.clock() })
      .where(
        and(
          eq(transactions.id, row.id),
          eq(transactions.status, 'pending'),
          sql`${transactions.holdExpiresAt} > ${context.clock()}`,
        ),
      ),
    requireChangedRow(db, 'hold_not_pending'),
  ];
}

/**
 * Captures a hold, fully or partly: the captured share of the points (rounded down, at the
 * hold's own FX snapshot and earn rate) is credited; the rest is released.
 */
export async function planCapture(
  context: LedgerContext,
  partnerId: string,
  transactionId: string,
  request: { amount?: WireMoney | undefined },
  extension: EarnExtension = noExtension,
): Promise<WritePlan<TransactionView> | DomainError<RefusalOf<typeof CAPTURE_REFUSALS>>> {
  const row = await pendingHold(context, partnerId, transactionId);
  if (isDomainError(row)) return row;
  const heldMinor = BigInt(row.amountMinor ?? 0);
  let capturedMinor = heldMinor;
  if (request.amount !== undefined) {
    if (request.amount.currency !== row.currency) {
      return domainError(
        'currency_mismatch',
        `The hold is in ${row.currency}; the capture is in ${request.amount.currency}.`,
      );
    }
    const amount = moneyFromWire(request.amount);
    if (isDomainError(amount)) return amount;
    if (amount.amountMinor > heldMinor)
      return domainError('capture_exceeds_hold', 'The capture is larger than the held amount.');
    capturedMinor = amount.amountMinor;
  }
  const pointsCaptured =
    capturedMinor === heldMinor
      ? row.points
      : Number(proportionalPart(BigInt(row.points), capturedMinor, heldMinor));
  const credit = await planCredit(context, {
    kind: 'earn',
    memberId: row.memberId,
    transactionId: row.id,
    points: pointsCaptured,
    funder: partnerFunder(partnerId),
  });
  const extended = await planEarnExtension(context, extension, {
    memberId: row.memberId,
    partner: (await partnerPricing(context, partnerId)).partner,
    transactionId: row.id,
    points: pointsCaptured,
    cause: 'capture',
  });
  const changes = {
    status: 'captured' as const,
    amountCapturedMinor: Number(capturedMinor),
    pointsCaptured,
    details: {
      kind: 'earn' as const,
      pointsRepaid: credit.pointsRepaid,
      ...(extended.tierBonus === undefined ? {} : { tierBonus: extended.tierBonus }),
    },
  };
  const audience = { partnerId, memberIds: [row.memberId], ledger: true };
  return {
    status: 200,
    body: transactionView({ ...row, ...changes, resolvedAt: context.clock() }),
    statements: [
      ...resolveHoldStatements(context, row, changes),
      ...credit.statements,
      ...extended.statements,
    ],
    events: [
      eventDraft(
        context,
        'transaction.captured',
        {
          transactionId: row.id,
          partnerId,
          memberId: row.memberId,
          points: pointsCaptured,
          pointsRepaid: credit.pointsRepaid,
          amount: formatMoney({ amountMinor: capturedMinor, currency: row.currency ?? '' }),
        },
        audience,
      ),
      ...extended.events,
    ],
  };
}

/** Voids a hold: nothing is credited, and it can no longer be captured. */
export async function planVoid(
  context: LedgerContext,
  partnerId: string,
  transactionId: string,
): Promise<WritePlan<TransactionView> | DomainError<RefusalOf<typeof HOLD_REFUSALS>>> {
  const row = await pendingHold(context, partnerId, transactionId);
  if (isDomainError(row)) return row;
  const changes = { status: 'voided' as const };
  return {
    status: 200,
    body: transactionView({ ...row, ...changes, resolvedAt: context.clock() }),
    statements: resolveHoldStatements(context, row, changes),
    events: [
      eventDraft(
        context,
        'transaction.voided',
        { transactionId: row.id, partnerId, memberId: row.memberId },
        { partnerId, memberIds: [row.memberId] },
      ),
    ],
  };
}
