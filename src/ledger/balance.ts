import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { type PoolWalletRow, readPoolWallets, readWallet, type WalletRow } from '../db/balance.js';
import { partners, transactions } from '../db/schema/index.js';
import type { LedgerContext } from '../dependencies.js';
import { TRANSACTION_KINDS, type TransactionKind } from '../domain/ledger/kinds.js';
import { type LotBalance, spendableLots, sumPoints } from '../domain/ledger/lots.js';
import type { TransactionDetails } from '../domain/ledger/transaction-details.js';
import { type PledgedWallet, poolSpendable } from '../domain/pools/draw.js';
import { monthOf } from '../domain/pools/rules.js';
import { pledgeRemaining } from '../pools/view.js';

export const EXPIRY_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;

export interface MemberBalance {
  /** Spendable now from the member's own wallet. */
  readonly available: number;
  /** Held by partners (stays, orders), not yet spendable. */
  readonly pending: number;
  /** Owed after reversals of points already spent; repaid by the next earnings. */
  readonly owed: number;
  /** Points expiring in the next 90 days, by UTC date. */
  readonly expiringSoon: { date: string; points: number }[];
}

/** The member's own wallet: what they may spend, what is held and owed, and what expires soon. */
export async function memberBalance(context: LedgerContext, memberId: string): Promise<MemberBalance> {
  const nowMs = context.clock();
  return walletBalance(await readWallet(context.db, memberId, nowMs), nowMs);
}

function walletBalance(rows: readonly WalletRow[], nowMs: number): MemberBalance {
  const lots = rows.flatMap((row) => lotOf(row) ?? []);
  return ownBalance(lots, rows[0]?.pendingPoints ?? 0, rows[0]?.owedPoints ?? 0, nowMs);
}

/** The member's own wallet from its lots (any order) and the points held and owed. */
function ownBalance(
  lots: readonly LotBalance[],
  pendingPoints: number,
  owedPoints: number,
  nowMs: number,
): MemberBalance {
  const spendable = spendableLots(lots, nowMs);
  const expiring = new Map<string, number>();
  for (const lot of spendable) {
    if (lot.expiresAt > nowMs + EXPIRY_WINDOW_DAYS * DAY_MS) break;
    const date = new Date(lot.expiresAt).toISOString().slice(0, 10);
    expiring.set(date, (expiring.get(date) ?? 0) + lot.pointsRemaining);
  }
  return {
    available: sumPoints(spendable),
    pending: Number(pendingPoints),
    owed: Number(owedPoints),
    expiringSoon: [...expiring].map(([date, points]) => ({ date, points })),
  };
}

/** The lot a row of a left join carries, if it carries one. */
function lotOf(row: {
  lotId: string | null;
  issuerPartnerId: string | null;
  pointsRemaining: number | null;
  expiresAt: number | null;
}): LotBalance | undefined {
  if (row.lotId === null || row.issuerPartnerId === null) return undefined;
  return {
    id: row.lotId,
    issuerPartnerId: row.issuerPartnerId,
    pointsRemaining: row.pointsRemaining ?? 0,
    expiresAt: row.expiresAt ?? 0,
  };
}

export interface ActivityEntry {
  readonly id: string;
  readonly kind: TransactionKind;
  readonly status: string;
  /** Where it happened; null when no partner was behind it (a credit the network funded). */
  readonly partner: { id: string; name: string; sector: string; country: string } | null;
  /** How the registry names a transaction no partner originated, with its reason. */
  readonly label: string | null;
  readonly amountMinor: number | null;
  readonly currency: string | null;
  readonly points: number;
  readonly pointsCaptured: number | null;
  readonly originalTransactionId: string | null;
  readonly details: TransactionDetails;
  readonly createdAt: number;
}

/** The member's own transactions, newest first, keyset-paginated by id. */
export async function memberActivity(
  context: LedgerContext,
  memberId: string,
  limit: number,
  beforeId?: string,
): Promise<ActivityEntry[]> {
  const rows = await context.db
    .select({
      id: transactions.id,
      kind: transactions.kind,
      status: transactions.status,
      partnerId: partners.id,
      partnerName: partners.name,
      sector: partners.sector,
      country: partners.country,
      amountMinor: transactions.amountMinor,
      currency: transactions.currency,
      points: transactions.points,
      pointsCaptured: transactions.pointsCaptured,
      originalTransactionId: transactions.originalTransactionId,
      details: transactions.details,
      createdAt: transactions.createdAt,
    })
    .from(transactions)
    .leftJoin(partners, eq(partners.id, transactions.partnerId))
    .where(
      and(
        eq(transactions.memberId, memberId),
        beforeId === undefined ? sql`1 = 1` : lt(transactions.id, beforeId),
      ),
    )
    .orderBy(desc(transactions.id))
    .limit(limit);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    status: row.status,
    partner:
      row.partnerId === null
        ? null
        : {
            id: row.partnerId,
            name: row.partnerName ?? '',
            sector: row.sector ?? '',
            country: row.country ?? '',
          },
    label: activityLabel(row.kind, row.details),
    amountMinor: row.amountMinor,
    currency: row.currency,
    points: row.points,
    pointsCaptured: row.pointsCaptured,
    originalTransactionId: row.originalTransactionId,
    details: row.details,
    createdAt: row.createdAt,
  }));
}

/** What a transaction did to the member's own wallet, signed: what their activity shows. */
export function walletEffect(entry: ActivityEntry): number {
  const { details } = entry;
  switch (details.kind) {
    case 'earn':
      // Points that repaid a debt never stayed in the wallet.
      if (entry.status === 'posted') return entry.points - details.pointsRepaid;
      return entry.status === 'captured' ? (entry.pointsCaptured ?? 0) - details.pointsRepaid : 0;
    case 'reversal':
      // A refund whose points were partly spent takes back only what the wallet held; the rest is owed.
      if (details.reverses === 'redeem') return entry.points;
      return -(entry.points - (details.pointsOwed ?? 0));
    case 'redeem':
      return -entry.points;
    case 'goodwill':
    case 'gap_gift':
    case 'tier_bonus':
      return entry.points;
    case 'catalogue_reservation':
      // Held, then captured, the points are gone from the wallet; released, they came back.
      return entry.status === 'pending' || entry.status === 'captured' ? -entry.points : 0;
    case 'gift_card':
      return -entry.points;
    case 'member_merge':
      // Recorded on the surviving membership: what the absorbed one brought in.
      return entry.points;
  }
}

/** "Goodwill from the network: <reason>" for kinds the registry labels; null for a partner's. */
function activityLabel(kind: TransactionKind, details: TransactionDetails): string | null {
  const label = TRANSACTION_KINDS[kind].activityLabel;
  if (label === null) return null;
  return 'reason' in details && details.reason ? `${label}: ${details.reason}` : label;
}

export interface UnifiedBalance extends MemberBalance {
  /** What the member may spend from each pool today (other members' pledged points). */
  readonly pools: { poolId: string; name: string; kind: 'household' | 'friends'; spendablePoints: number }[];
  /** Own wallet plus what the member may spend from each pool today. */
  readonly unifiedAvailable: number;
}

/**
 * The one balance a member sees. A wallet that is in two of the member's pools counts in each,
 * as each pool may draw on it; a redemption never takes the same points twice. Two reads: the
 * member's wallet, and the other wallets of their pools (`src/db/balance.ts`).
 */
export async function unifiedBalance(context: LedgerContext, memberId: string): Promise<UnifiedBalance> {
  const nowMs = context.clock();
  const [walletRows, poolRows] = await Promise.all([
    readWallet(context.db, memberId, nowMs),
    readPoolWallets(context.db, memberId, nowMs, monthOf(nowMs)),
  ]);
  const own = walletBalance(walletRows, nowMs);
  const pools = poolsOfRows(poolRows, nowMs).map(({ first, wallets }) => ({
    poolId: first.poolId,
    name: first.poolName,
    kind: first.poolKind,
    spendablePoints: poolSpendable(wallets, first, first.usedThisMonthPoints),
  }));
  return {
    ...own,
    pools,
    unifiedAvailable: own.available + pools.reduce((total, pool) => total + pool.spendablePoints, 0),
  };
}

/** Groups the rows of the pool read by pool (in the order read), and each pool's rows by wallet. */
function poolsOfRows(
  rows: readonly PoolWalletRow[],
  nowMs: number,
): { first: PoolWalletRow; wallets: PledgedWallet[] }[] {
  const byPool = new Map<string, { first: PoolWalletRow; wallets: Map<string, WalletLots> }>();
  for (const row of rows) {
    let pool = byPool.get(row.poolId);
    if (pool === undefined) {
      pool = { first: row, wallets: new Map() };
      byPool.set(row.poolId, pool);
    }
    if (row.walletMemberId === null) continue;
    let wallet = pool.wallets.get(row.walletMemberId);
    if (wallet === undefined) {
      const pledge = { pledgeCapPoints: row.pledgeCapPoints, pledgeUsedPoints: row.pledgeUsedPoints ?? 0 };
      wallet = { pledgeRemaining: pledgeRemaining(pledge), lots: [] };
      pool.wallets.set(row.walletMemberId, wallet);
    }
    const lot = lotOf(row);
    if (lot !== undefined) wallet.lots.push(lot);
  }
  return [...byPool.values()].map(({ first, wallets }) => ({
    first,
    wallets: [...wallets].map(([memberId, wallet]) => ({
      memberId,
      lots: spendableLots(wallet.lots, nowMs),
      pledgeRemaining: wallet.pledgeRemaining,
    })),
  }));
}

interface WalletLots {
  readonly pledgeRemaining: number | undefined;
  readonly lots: LotBalance[];
}
