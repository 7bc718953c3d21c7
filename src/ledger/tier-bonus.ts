import { and, eq } from 'drizzle-orm';
import type { BatchStatement } from '../db/database.js';
import type { StoredLot } from '../db/ledger.js';
import { transactions, transfers } from '../db/schema/index.js';
import { findTransaction, insertTransactionStatement, type NewTransactionRow } from '../db/transactions.js';
import type { LedgerContext } from '../dependencies.js';
import { isDomainError } from '../domain/errors.js';
import { issuanceAccountId, PROMOTIONS_ACCOUNT_ID, walletAccountId } from '../domain/ledger/accounts.js';
import { NETWORK_PARTY } from '../domain/ledger/kinds.js';
import { byExpiry, drawFromLots, sumPoints } from '../domain/ledger/lots.js';
import { pointsToReverse } from '../domain/ledger/reversal.js';
import type { TierBonusDetails } from '../domain/ledger/transaction-details.js';
import { type EventDraft, eventDraft } from '../events/draft.js';
import { requireChangedRow } from '../writes/guards.js';
import type { TierBonusDecision } from './extensions.js';
import { NETWORK_FUNDER, partnerFunder, planCredit, planLotMovement } from './postings.js';

export interface TierBonusPlan {
  readonly statements: BatchStatement[];
  readonly events: EventDraft[];
  readonly details: TierBonusDetails;
}

/**
 * Credits a tier's bonus with the earn that earned it, in the same batch: a `tier_bonus`
 * transaction of its own (so the member's activity shows it and a refund finds it), funded by the
 * network's promotions budget (a cost on no partner's statement) or by the partner (issued points
 * at its issue price, on its statement), as the tier's definition says.
 */
export async function planTierBonus(
  context: LedgerContext,
  earn: { memberId: string; partnerId: string; earnTransactionId: string },
  decision: TierBonusDecision,
): Promise<TierBonusPlan> {
  const { db, ids, clock, config } = context;
  const transactionId = ids('txn');
  const byNetwork = decision.fundedBy === 'network';
  const credit = await planCredit(context, {
    kind: byNetwork ? 'tier_bonus_network' : 'tier_bonus_partner',
    memberId: earn.memberId,
    transactionId,
    points: decision.points,
    funder: byNetwork ? NETWORK_FUNDER : partnerFunder(earn.partnerId),
    unitPrice: byNetwork ? config.pointValueText : undefined,
  });
  const row: NewTransactionRow = {
    id: transactionId,
    partnerId: earn.partnerId,
    memberId: earn.memberId,
    kind: 'tier_bonus',
    status: 'posted',
    points: decision.points,
    details: {
      kind: 'tier_bonus',
      reason: `${decision.tierName}: ${decision.multiplier}x on every earn`,
      tier: decision.tier,
      multiplier: decision.multiplier,
      fundedBy: decision.fundedBy,
    },
    originalTransactionId: earn.earnTransactionId,
    createdAt: clock(),
  };
  return {
    statements: [insertTransactionStatement(db, row), ...credit.statements],
    events: [
      eventDraft(
        context,
        'tier.bonus_credited',
        {
          transactionId,
          earnTransactionId: earn.earnTransactionId,
          partnerId: earn.partnerId,
          memberId: earn.memberId,
          tier: decision.tier,
          points: decision.points,
          fundedBy: decision.fundedBy,
        },
        { partnerId: earn.partnerId, memberIds: [earn.memberId], ledger: true },
      ),
    ],
    details: {
      transactionId,
      tier: decision.tier,
      points: decision.points,
      fundedBy: decision.fundedBy,
    },
  };
}

export interface BonusRefund {
  readonly bonus: TierBonusDetails;
  readonly memberId: string;
  readonly partnerId: string;
  /** The refunded earn's amounts: what it earned on, what earlier refunds took, and this refund. */
  readonly baseAmountMinor: bigint;
  readonly reversedBeforeMinor: bigint;
  readonly refundMinor: bigint;
  /** The member's lots as the refund of the earn's own points leaves them. */
  readonly lots: readonly StoredLot[];
  readonly reason?: string | undefined;
}

/**
 * A refund of an earn takes back its tier bonus in the same proportion, at the bonus's own price:
 * from the bonus's lot first, then the funder's other lots. Bonus points already spent are written
 * off rather than owed: a bonus rewarded status, it did not sell anything, and chasing the member
 * for it would turn a reward into a debt (docs/status.md).
 */
export async function planTierBonusReversal(
  context: LedgerContext,
  refund: BonusRefund,
): Promise<TierBonusPlan | undefined> {
  const { db, ids, clock } = context;
  const bonus = await findTransaction(db, refund.bonus.transactionId);
  if (bonus === undefined) return undefined;
  const target = pointsToReverse(
    {
      baseAmountMinor: refund.baseAmountMinor,
      basePoints: bonus.points,
      amountReversedMinor: refund.reversedBeforeMinor,
      pointsReversed: bonus.pointsReversed,
    },
    refund.refundMinor,
  );
  if (isDomainError(target) || target <= 0) return undefined;
  const byNetwork = refund.bonus.fundedBy === 'network';
  const issuer = byNetwork ? NETWORK_PARTY : refund.partnerId;
  const lots = refund.lots
    .filter((lot) => lot.issuerPartnerId === issuer && lot.pointsRemaining > 0)
    .sort((a, b) => {
      const aOwn = a.transactionId === bonus.id ? 0 : 1;
      const bOwn = b.transactionId === bonus.id ? 0 : 1;
      return aOwn - bOwn || byExpiry(a, b);
    });
  const takenBack = Math.min(target, sumPoints(lots));
  const writtenOff = target - takenBack;
  const [credit] = await db
    .select({ id: transfers.id })
    .from(transfers)
    .where(eq(transfers.transactionId, bonus.id))
    .limit(1);
  const reversalId = ids('txn');
  const statements: BatchStatement[] = [
    db
      .update(transactions)
      .set({ pointsReversed: bonus.pointsReversed + target })
      .where(and(eq(transactions.id, bonus.id), eq(transactions.pointsReversed, bonus.pointsReversed))),
    requireChangedRow(db, 'tier_bonus_already_reversed'),
    ...planLotMovement(context, {
      kind: byNetwork ? 'tier_bonus_network_reversal' : 'tier_bonus_partner_reversal',
      transactionId: reversalId,
      debitAccountId: walletAccountId(refund.memberId),
      creditAccountId: byNetwork ? PROMOTIONS_ACCOUNT_ID : issuanceAccountId(refund.partnerId),
      partnerId: byNetwork ? null : refund.partnerId,
      reversesTransferId: credit?.id ?? null,
      lots: drawFromLots(lots, takenBack) ?? [],
    }),
  ];
  const row: NewTransactionRow = {
    id: reversalId,
    partnerId: refund.partnerId,
    memberId: refund.memberId,
    kind: 'reversal',
    status: 'posted',
    points: takenBack,
    details: {
      kind: 'reversal',
      reverses: 'tier_bonus',
      pointsWrittenOff: writtenOff,
      ...(refund.reason ? { reason: refund.reason } : {}),
    },
    originalTransactionId: bonus.id,
    createdAt: clock(),
  };
  return {
    statements: [insertTransactionStatement(db, row), ...statements],
    events: [
      eventDraft(
        context,
        'tier.bonus_reversed',
        {
          transactionId: reversalId,
          bonusTransactionId: bonus.id,
          partnerId: refund.partnerId,
          memberId: refund.memberId,
          points: takenBack,
          pointsWrittenOff: writtenOff,
        },
        { partnerId: refund.partnerId, memberIds: [refund.memberId], ledger: true },
      ),
    ],
    details: { ...refund.bonus, transactionId: reversalId, points: takenBack },
  };
}

/** The lots a draw leaves: each drawn lot less what was drawn from it. */
export function lotsAfter(
  lots: readonly StoredLot[],
  draws: readonly { lotId: string; points: number }[],
): StoredLot[] {
  const drawn = new Map<string, number>();
  for (const draw of draws) drawn.set(draw.lotId, (drawn.get(draw.lotId) ?? 0) + draw.points);
  return lots.map((lot) => ({ ...lot, pointsRemaining: lot.pointsRemaining - (drawn.get(lot.id) ?? 0) }));
}
