import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Database } from './database.js';
import { preparedQuery } from './prepared.js';
import {
  lots,
  members,
  pointsOwed,
  poolMembers,
  poolMonthlyUsage,
  pools,
  transactions,
} from './schema/index.js';

/**
 * What a balance reads, in two statements built once per database handle: the member's own
 * wallet (spendable lots, points held, points owed), and the wallets of the pools the member
 * may draw on. A balance is read on every till and wallet screen; six or more statements built
 * by drizzle per request cost more than the reads themselves.
 */

/** One spendable lot of the member's, beside what is held and owed (the same on every row). */
export interface WalletRow {
  readonly pendingPoints: number;
  readonly owedPoints: number;
  readonly lotId: string | null;
  readonly issuerPartnerId: string | null;
  readonly pointsRemaining: number | null;
  readonly expiresAt: number | null;
}

const walletQuery = preparedQuery((db) =>
  db
    .select({
      pendingPoints: sql<number>`(SELECT COALESCE(SUM(${transactions.points}), 0) FROM ${transactions}
        WHERE ${transactions.memberId} = ${sql.placeholder('memberId')} AND ${transactions.status} = 'pending'
          AND ${transactions.holdExpiresAt} > ${sql.placeholder('nowMs')})`,
      owedPoints: sql<number>`(SELECT COALESCE(SUM(${pointsOwed.pointsRemaining}), 0) FROM ${pointsOwed}
        WHERE ${pointsOwed.memberId} = ${sql.placeholder('memberId')})`,
      lotId: lots.id,
      issuerPartnerId: lots.issuerPartnerId,
      pointsRemaining: lots.pointsRemaining,
      expiresAt: lots.expiresAt,
    })
    .from(members)
    .leftJoin(
      lots,
      and(
        eq(lots.memberId, members.id),
        gt(lots.pointsRemaining, 0),
        gt(lots.expiresAt, sql.placeholder('nowMs')),
      ),
    )
    .where(eq(members.id, sql.placeholder('memberId')))
    .prepare(),
);

/**
 * The member's spendable lots, one a row in no particular order, each with the points held and
 * owed; one row without a lot when there is none, and no row for a member who does not exist.
 */
export async function readWallet(db: Database, memberId: string, nowMs: number): Promise<WalletRow[]> {
  return walletQuery(db).all({ memberId, nowMs });
}

/** A spendable lot of another member of one of the member's pools, with both memberships. */
export interface PoolWalletRow {
  readonly poolId: string;
  readonly poolName: string;
  readonly poolKind: 'household' | 'friends';
  readonly mayRedeem: boolean;
  readonly monthlyLimitPoints: number | null;
  /** Points the member redeemed from this pool in `month`. */
  readonly usedThisMonthPoints: number;
  /** The member whose wallet it is; null for a pool with no one else in it. */
  readonly walletMemberId: string | null;
  readonly pledgeCapPoints: number | null;
  readonly pledgeUsedPoints: number | null;
  readonly lotId: string | null;
  readonly issuerPartnerId: string | null;
  readonly pointsRemaining: number | null;
  readonly expiresAt: number | null;
}

const mine = alias(poolMembers, 'mine');
const pledger = alias(poolMembers, 'pledger');

const poolWalletsQuery = preparedQuery((db) =>
  db
    .select({
      poolId: pools.id,
      poolName: pools.name,
      poolKind: pools.kind,
      mayRedeem: mine.mayRedeem,
      monthlyLimitPoints: mine.monthlyLimitPoints,
      usedThisMonthPoints: sql<number>`COALESCE((SELECT ${poolMonthlyUsage.points} FROM ${poolMonthlyUsage}
        WHERE ${poolMonthlyUsage.poolId} = ${mine.poolId} AND ${poolMonthlyUsage.memberId} = ${mine.memberId}
          AND ${poolMonthlyUsage.month} = ${sql.placeholder('month')}), 0)`,
      walletMemberId: pledger.memberId,
      pledgeCapPoints: pledger.pledgeCapPoints,
      pledgeUsedPoints: pledger.pledgeUsedPoints,
      lotId: lots.id,
      issuerPartnerId: lots.issuerPartnerId,
      pointsRemaining: lots.pointsRemaining,
      expiresAt: lots.expiresAt,
    })
    .from(mine)
    .innerJoin(pools, and(eq(pools.id, mine.poolId), isNull(pools.dissolvedAt)))
    .leftJoin(
      pledger,
      and(eq(pledger.poolId, mine.poolId), isNull(pledger.leftAt), ne(pledger.memberId, mine.memberId)),
    )
    .leftJoin(
      lots,
      and(
        eq(lots.memberId, pledger.memberId),
        gt(lots.pointsRemaining, 0),
        gt(lots.expiresAt, sql.placeholder('nowMs')),
      ),
    )
    .where(and(eq(mine.memberId, sql.placeholder('memberId')), isNull(mine.leftAt)))
    .orderBy(mine.joinedAt, mine.id)
    .prepare(),
);

/**
 * The lots of every other member of the member's active pools, pools in membership order (oldest
 * first, the order `auto` redeems in), lots in no particular order within a pool.
 */
export async function readPoolWallets(
  db: Database,
  memberId: string,
  nowMs: number,
  month: string,
): Promise<PoolWalletRow[]> {
  return poolWalletsQuery(db).all({ memberId, nowMs, month });
}
