import { and, count, desc, eq, isNotNull, isNull, max, sql } from 'drizzle-orm';
import type { MembershipHistory, PoolKind } from '../domain/pools/rules.js';
import type { BatchStatement, Database } from './database.js';
import {
  partners,
  poolInvites,
  poolMembers,
  poolMonthlyUsage,
  poolRedemptions,
  pools,
} from './schema/index.js';

export type PoolRow = typeof pools.$inferSelect;
export type PoolMemberRow = typeof poolMembers.$inferSelect;

export async function findActivePool(db: Database, poolId: string): Promise<PoolRow | undefined> {
  const [row] = await db
    .select()
    .from(pools)
    .where(and(eq(pools.id, poolId), isNull(pools.dissolvedAt)))
    .limit(1);
  return row;
}

export async function activeMembers(db: Database, poolId: string): Promise<PoolMemberRow[]> {
  return db
    .select()
    .from(poolMembers)
    .where(and(eq(poolMembers.poolId, poolId), isNull(poolMembers.leftAt)))
    .orderBy(poolMembers.joinedAt, poolMembers.id);
}

/** The member's active memberships with their pools, oldest membership first. */
export async function poolsOfMember(
  db: Database,
  memberId: string,
): Promise<{ pool: PoolRow; membership: PoolMemberRow }[]> {
  const rows = await db
    .select({ pool: pools, membership: poolMembers })
    .from(poolMembers)
    .innerJoin(pools, eq(pools.id, poolMembers.poolId))
    .where(and(eq(poolMembers.memberId, memberId), isNull(poolMembers.leftAt), isNull(pools.dissolvedAt)))
    .orderBy(poolMembers.joinedAt, poolMembers.id);
  return rows;
}

export async function membershipHistory(db: Database, memberId: string): Promise<MembershipHistory> {
  const [active] = await db
    .select({
      households: sql<number>`COALESCE(SUM(CASE WHEN ${pools.kind} = 'household' THEN 1 ELSE 0 END), 0)`,
      friends: sql<number>`COALESCE(SUM(CASE WHEN ${pools.kind} = 'friends' THEN 1 ELSE 0 END), 0)`,
    })
    .from(poolMembers)
    .innerJoin(pools, eq(pools.id, poolMembers.poolId))
    .where(and(eq(poolMembers.memberId, memberId), isNull(poolMembers.leftAt)));
  const [left] = await db
    .select({ at: max(poolMembers.leftAt) })
    .from(poolMembers)
    .innerJoin(pools, eq(pools.id, poolMembers.poolId))
    .where(
      and(eq(poolMembers.memberId, memberId), eq(pools.kind, 'household'), isNotNull(poolMembers.leftAt)),
    );
  return {
    activeHouseholds: Number(active?.households ?? 0),
    activeFriendPools: Number(active?.friends ?? 0),
    lastHouseholdLeftAt: left?.at ?? undefined,
  };
}

/**
 * Guards that keep the joining rules true whatever joins concurrently: the pool stays within its
 * size, and the member is in at most one household or the allowed number of friend pools.
 */
export function membershipGuards(
  db: Database,
  poolId: string,
  memberId: string,
  kind: PoolKind,
  maxMembers: number,
  friendPoolsPerMember: number,
): BatchStatement[] {
  const limitForMember = kind === 'household' ? 1 : friendPoolsPerMember;
  return [
    db.run(sql`INSERT INTO write_conflicts (reason) SELECT 'pool_full'
      WHERE (SELECT COUNT(*) FROM pool_members WHERE pool_id = ${poolId} AND left_at IS NULL) > ${maxMembers}`),
    db.run(sql`INSERT INTO write_conflicts (reason) SELECT 'membership_limit'
      WHERE (SELECT COUNT(*) FROM pool_members m JOIN pools p ON p.id = m.pool_id
             WHERE m.member_id = ${memberId} AND m.left_at IS NULL AND p.kind = ${kind}) > ${limitForMember}`),
    db.run(sql`INSERT INTO write_conflicts (reason) SELECT 'pool_dissolved'
      WHERE NOT EXISTS (SELECT 1 FROM pools WHERE id = ${poolId} AND dissolved_at IS NULL)`),
  ];
}

export async function findInvite(db: Database, codeHash: string) {
  const [row] = await db.select().from(poolInvites).where(eq(poolInvites.codeHash, codeHash)).limit(1);
  return row;
}

export async function monthlyUsage(
  db: Database,
  poolId: string,
  memberId: string,
  month: string,
): Promise<number> {
  const [row] = await db
    .select({ points: poolMonthlyUsage.points })
    .from(poolMonthlyUsage)
    .where(
      and(
        eq(poolMonthlyUsage.poolId, poolId),
        eq(poolMonthlyUsage.memberId, memberId),
        eq(poolMonthlyUsage.month, month),
      ),
    )
    .limit(1);
  return row?.points ?? 0;
}

export async function poolActivity(db: Database, poolId: string, limit: number) {
  return db
    .select({
      transactionId: poolRedemptions.transactionId,
      redeemerMemberId: poolRedemptions.redeemerMemberId,
      partnerId: partners.id,
      partnerName: partners.name,
      sector: partners.sector,
      country: partners.country,
      points: poolRedemptions.points,
      createdAt: poolRedemptions.createdAt,
    })
    .from(poolRedemptions)
    .innerJoin(partners, eq(partners.id, poolRedemptions.partnerId))
    .where(eq(poolRedemptions.poolId, poolId))
    .orderBy(desc(poolRedemptions.createdAt), desc(poolRedemptions.transactionId))
    .limit(limit);
}

export async function activeMemberCount(db: Database, poolId: string): Promise<number> {
  const [row] = await db
    .select({ members: count() })
    .from(poolMembers)
    .where(and(eq(poolMembers.poolId, poolId), isNull(poolMembers.leftAt)));
  return row?.members ?? 0;
}
