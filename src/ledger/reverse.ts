import { and, eq, sql } from 'drizzle-orm';
import type { BatchStatement } from '../db/database.js';
import { readMemberLots } from '../db/ledger.js';
import { holderOf, requireNotMerged } from '../db/members.js';
import { pointsOwed, transactions } from '../db/schema/index.js';
import {
  findCreditTransfer,
  findPartnerTransaction,
  insertTransactionStatement,
  type NewTransactionRow,
  type TransactionRow,
} from '../db/transactions.js';
import type { LedgerContext } from '../dependencies.js';
import { type DomainError, domainError, isDomainError, type RefusalOf } from '../domain/errors.js';
import { issuanceAccountId, walletAccountId } from '../domain/ledger/accounts.js';
import { TRANSACTION_KINDS } from '../domain/ledger/kinds.js';
import { byExpiry, drawFromLots, sumPoints } from '../domain/ledger/lots.js';
import { pointsToReverse } from '../domain/ledger/reversal.js';
import { formatMoney } from '../domain/money.js';
import { eventDraft } from '../events/draft.js';
import { requireChangedRow } from '../writes/guards.js';
import type { WritePlan } from '../writes/plan.js';
import { type EarnExtension, noExtension } from './extensions.js';
import { planLotMovement } from './postings.js';
import { MONEY_REFUSALS, moneyFromWire, type WireMoney } from './pricing.js';
import { planRedemptionReversal } from './reverse-redemption.js';
import { lotsAfter, planTierBonusReversal } from './tier-bonus.js';
import { type TransactionView, transactionView } from './transaction-view.js';

export interface ReversalRequest {
  /** The refunded amount of an earn; all that remains when absent. */
  readonly amount?: WireMoney | undefined;
  /** The points of a redemption to give back; all that remains when absent. */
  readonly points?: number | undefined;
  readonly reason?: string | undefined;
  readonly externalReference?: string | undefined;
  readonly idempotencyKey?: string | undefined;
}

/** What a refund or a return can be refused with. */
export const REVERSAL_REFUSALS = [
  'transaction_not_found',
  'reversal_not_allowed',
  'reversal_exceeds_original',
  'currency_mismatch',
  'validation_failed',
  ...MONEY_REFUSALS,
] as const;
export type ReversalRefusal = RefusalOf<typeof REVERSAL_REFUSALS>;

/** Plans a refund of an earn or a return of a redemption; both are new transactions. */
export async function planReversal(
  context: LedgerContext,
  partnerId: string,
  transactionId: string,
  request: ReversalRequest,
  extension: EarnExtension = noExtension,
): Promise<WritePlan<TransactionView> | DomainError<ReversalRefusal>> {
  const original = await findPartnerTransaction(context.db, partnerId, transactionId);
  if (original === undefined)
    return domainError('transaction_not_found', `Transaction ${transactionId} does not exist.`);
  if (!TRANSACTION_KINDS[original.kind].reversible) {
    return domainError('reversal_not_allowed', `A ${original.kind} cannot be reversed.`);
  }
  if (original.kind === 'redeem') return planRedemptionReversal(context, partnerId, original, request);
  if (original.kind !== 'earn' || (original.status !== 'posted' && original.status !== 'captured')) {
    return domainError(
      'reversal_not_allowed',
      `A ${original.status} ${original.kind} cannot be reversed${original.status === 'pending' ? '; void the hold instead' : ''}.`,
    );
  }
  return planEarnReversal(context, partnerId, original, request, extension);
}

/**
 * Takes back points in proportion to the refunded amount, at the original terms. What the wallet
 * no longer holds is recorded as owed to the partner and repaid by the member's next earnings.
 */
async function planEarnReversal(
  context: LedgerContext,
  partnerId: string,
  original: TransactionRow,
  request: ReversalRequest,
  extension: EarnExtension,
): Promise<WritePlan<TransactionView> | DomainError<ReversalRefusal>> {
  const { db, ids, clock } = context;
  const nowMs = clock();
  // Ignoring "points" here would refund everything that remains instead of the part meant.
  if (request.points !== undefined)
    return domainError('validation_failed', 'An earn is refunded by "amount", not "points".');
  const baseAmountMinor = BigInt(original.amountCapturedMinor ?? original.amountMinor ?? 0);
  const basePoints = original.pointsCaptured ?? original.points;
  const remainingMinor = baseAmountMinor - BigInt(original.amountReversedMinor);
  let refundMinor = remainingMinor;
  if (request.amount !== undefined) {
    if (request.amount.currency !== original.currency) {
      return domainError(
        'currency_mismatch',
        `The original is in ${original.currency}; the refund is in ${request.amount.currency}.`,
      );
    }
    const amount = moneyFromWire(request.amount);
    if (isDomainError(amount)) return amount;
    refundMinor = amount.amountMinor;
  } else if (remainingMinor === 0n) {
    return domainError('reversal_exceeds_original', 'The original has been refunded in full already.');
  }
  const points = pointsToReverse(
    {
      baseAmountMinor,
      basePoints,
      amountReversedMinor: BigInt(original.amountReversedMinor),
      pointsReversed: original.pointsReversed,
    },
    refundMinor,
  );
  if (isDomainError(points)) return points;

  // Only points this partner issued are taken back: the original earn's own lot first, then its
  // other lots first-expiring-first (expired or not: points that would expire are taken back
  // before they become breakage). Another partner's points are never taken for this refund.
  // A merged membership's lots and debts are its holder's now: the refund takes back from there.
  const holder = await holderOf(db, original.memberId);
  const memberLots = await readMemberLots(db, holder);
  const ownIssued = memberLots.filter((lot) => lot.issuerPartnerId === partnerId);
  const lots = ownIssued.sort((a, b) => {
    const aOwn = a.transactionId === original.id ? 0 : 1;
    const bOwn = b.transactionId === original.id ? 0 : 1;
    return aOwn - bOwn || byExpiry(a, b);
  });
  const pointsTakenBack = Math.min(points, sumPoints(lots));
  const pointsStillOwed = points - pointsTakenBack;
  const reversalId = ids('txn');
  const statements: BatchStatement[] = [
    db
      .update(transactions)
      .set({
        pointsReversed: sql`${transactions.pointsReversed} + ${points}`,
        amountReversedMinor: sql`${transactions.amountReversedMinor} + ${Number(refundMinor)}`,
      })
      .where(
        and(
          eq(transactions.id, original.id),
          eq(transactions.amountReversedMinor, original.amountReversedMinor),
        ),
      ),
    requireChangedRow(db, 'refund_already_counted'),
    // A merge committed since the reads moved the lots: plan again on their new holder.
    requireNotMerged(db, holder),
  ];
  const draws = pointsTakenBack > 0 ? (drawFromLots(lots, pointsTakenBack) ?? []) : [];
  if (pointsTakenBack > 0) {
    const creditTransfer = await findCreditTransfer(db, original.id);
    statements.push(
      ...planLotMovement(context, {
        kind: 'earn_reversal',
        transactionId: reversalId,
        debitAccountId: walletAccountId(holder),
        creditAccountId: issuanceAccountId(partnerId),
        partnerId,
        reversesTransferId: creditTransfer?.id ?? null,
        lots: draws,
      }),
    );
  }
  const amounts = {
    baseAmountMinor,
    reversedBeforeMinor: BigInt(original.amountReversedMinor),
    refundMinor,
  };
  const bonus =
    original.details.kind === 'earn' && original.details.tierBonus !== undefined
      ? await planTierBonusReversal(context, {
          bonus: original.details.tierBonus,
          memberId: holder,
          partnerId,
          ...amounts,
          lots: lotsAfter(memberLots, draws),
          reason: request.reason,
        })
      : undefined;
  const extended = await extension.refunded(context, {
    memberId: holder,
    partnerId,
    earnTransactionId: original.id,
    reversalTransactionId: reversalId,
    ...amounts,
  });
  if (pointsStillOwed > 0) {
    statements.push(
      db.insert(pointsOwed).values({
        id: ids('owe'),
        memberId: holder,
        creditorPartnerId: partnerId,
        transactionId: reversalId,
        pointsOriginal: pointsStillOwed,
        pointsRemaining: pointsStillOwed,
        createdAt: nowMs,
      }),
    );
  }
  const row: NewTransactionRow = {
    id: reversalId,
    partnerId,
    memberId: holder,
    kind: 'reversal',
    status: 'posted',
    amountMinor: Number(refundMinor),
    currency: original.currency,
    fxSnapshotId: original.fxSnapshotId,
    fxRate: original.fxRate,
    earnRate: original.earnRate,
    points,
    details: {
      kind: 'reversal',
      reverses: 'earn',
      pointsOwed: pointsStillOwed,
      ...(bonus === undefined ? {} : { tierBonus: bonus.details }),
      ...(request.reason ? { reason: request.reason } : {}),
    },
    externalReference: request.externalReference ?? null,
    idempotencyKey: request.idempotencyKey ?? null,
    originalTransactionId: original.id,
    createdAt: nowMs,
  };
  return {
    status: 201,
    body: transactionView(row),
    statements: [
      insertTransactionStatement(db, row),
      ...statements,
      ...(bonus?.statements ?? []),
      ...extended.statements,
    ],
    events: [
      eventDraft(
        context,
        'transaction.reversed',
        {
          transactionId: reversalId,
          originalTransactionId: original.id,
          partnerId,
          memberId: holder,
          points,
          pointsOwed: pointsStillOwed,
          amount: formatMoney({ amountMinor: refundMinor, currency: original.currency ?? '' }),
        },
        { partnerId, memberIds: [holder], ledger: true },
      ),
      ...(bonus?.events ?? []),
      ...extended.events,
    ],
  };
}
