import type { NewTransactionRow } from '../db/transactions.js';
import { formatMoney } from '../domain/money.js';

export type RedemptionSource = { type: 'wallet' } | { type: 'auto' } | { type: 'pool'; poolId: string };

/** Kind-specific facts kept in `transactions.details` (JSON). */
export interface TransactionDetails {
  /** Earn or capture: points of this credit that repaid earlier debts. */
  pointsRepaid?: number;
  /** Reversal: points that could not be taken back and are now owed. */
  pointsOwed?: number;
  /** Redemption: what the points are worth at this partner, in minor units. */
  valueMinor?: string;
  valueCurrency?: string;
  /** Redemption: where the points came from. */
  source?: RedemptionSource;
  draws?: { memberId: string; poolId: string | null; points: number }[];
  reason?: string;
  /** Reversal: the kind of transaction it reverses. */
  reverses?: 'earn' | 'redeem';
}

export interface MoneyView {
  amount: string;
  currency: string;
}

export interface TransactionView {
  id: string;
  kind: 'earn' | 'redeem' | 'reversal';
  status: 'posted' | 'pending' | 'captured' | 'voided' | 'expired';
  partnerId: string;
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
  const details = (row.details ? JSON.parse(row.details) : {}) as TransactionDetails;
  const isEarn = row.kind === 'earn';
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    partnerId: row.partnerId,
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
    value: details.valueMinor === undefined ? null : money(BigInt(details.valueMinor), details.valueCurrency),
    source: details.source ?? null,
    draws: details.draws ?? null,
    pointsRepaid: details.pointsRepaid ?? 0,
    pointsOwed: details.pointsOwed ?? 0,
    originalTransactionId: row.originalTransactionId ?? null,
    createdAt: iso(row.createdAt) ?? '',
    resolvedAt: iso(row.resolvedAt),
  };
}
