import type { NewTransactionRow } from '../db/transactions.js';
import type { TransactionKind } from '../domain/ledger/kinds.js';
import {
  pointsOwedBy,
  pointsRepaidBy,
  type RedemptionSource,
  type TierBonusDetails,
} from '../domain/ledger/transaction-details.js';
import { formatMoney } from '../domain/money.js';

export type { RedemptionSource } from '../domain/ledger/transaction-details.js';

export interface MoneyView {
  amount: string;
  currency: string;
}

export interface TransactionView {
  id: string;
  kind: TransactionKind;
  status: 'posted' | 'pending' | 'captured' | 'voided' | 'expired';
  /** The partner that originated it; null for a credit the network funded. */
  partnerId: string | null;
  memberId: string;
  externalReference: string | null;
  amount: MoneyView | null;
  points: number;
  pointsReversed: number;
  amountReversed: MoneyView | null;
  fx: { snapshotId: string; rate: string } | null;
  earnRate: string | null;
  hold: { expiresAt: string; amountCaptured: MoneyView | null; pointsCaptured: number | null } | null;
  value: MoneyView | null;
  source: RedemptionSource | null;
  draws: { memberId: string; poolId: string | null; points: number }[] | null;
  pointsRepaid: number;
  pointsOwed: number;
  /** An earn's tier bonus (its own transaction), or the part of it a refund took back. */
  tierBonus: TierBonusDetails | null;
  originalTransactionId: string | null;
  createdAt: string;
  resolvedAt: string | null;
}

const money = (
  amountMinor: number | bigint | null | undefined,
  currency: string | null | undefined,
): MoneyView | null =>
  amountMinor === null || amountMinor === undefined || !currency
    ? null
    : formatMoney({ amountMinor: BigInt(amountMinor), currency });

const iso = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();

/** The wire form of a transaction, from its row (stored, or about to be). */
export function transactionView(row: NewTransactionRow): TransactionView {
  const { details } = row;
  const redemption = details.kind === 'redeem' ? details : undefined;
  const isEarn = row.kind === 'earn';
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    partnerId: row.partnerId ?? null,
    memberId: row.memberId,
    externalReference: row.externalReference ?? null,
    amount: money(row.amountMinor, row.currency),
    points: row.points,
    pointsReversed: row.pointsReversed ?? 0,
    amountReversed: isEarn ? money(row.amountReversedMinor ?? 0, row.currency) : null,
    fx: row.fxSnapshotId && row.fxRate ? { snapshotId: row.fxSnapshotId, rate: row.fxRate } : null,
    earnRate: row.earnRate ?? null,
    hold:
      row.holdExpiresAt === null || row.holdExpiresAt === undefined
        ? null
        : {
            expiresAt: iso(row.holdExpiresAt) ?? '',
            amountCaptured: money(row.amountCapturedMinor, row.currency),
            pointsCaptured: row.pointsCaptured ?? null,
          },
    value: redemption === undefined ? null : money(BigInt(redemption.valueMinor), redemption.valueCurrency),
    source: redemption?.source ?? null,
    draws: redemption?.draws ?? null,
    pointsRepaid: pointsRepaidBy(details),
    pointsOwed: pointsOwedBy(details),
    tierBonus:
      (details.kind === 'earn' || details.kind === 'reversal' ? details.tierBonus : undefined) ?? null,
    originalTransactionId: row.originalTransactionId ?? null,
    createdAt: iso(row.createdAt) ?? '',
    resolvedAt: iso(row.resolvedAt),
  };
}
