import { and, eq, isNull } from 'drizzle-orm';
import { requireChangedRow } from '../db/ledger.js';
import { findActivePool, type PoolRow } from '../db/pools.js';
import { poolMembers, pools } from '../db/schema/index.js';
import type { LedgerContext } from '../dependencies.js';
import { type DomainError, domainError } from '../domain/errors.js';
import type { WritePlan } from '../ledger/idempotency.js';
import { isActiveMember } from './membership.js';

export type Pledge = { type: 'all' } | { type: 'cap'; capPoints: number };

async function poolOfMember(
  context: LedgerContext,
  memberId: string,
  poolId: string,
): Promise<PoolRow | DomainError> {
  const pool = await findActivePool(context.db, poolId);
  if (pool === undefined || !(await isActiveMember(context, poolId, memberId)))
    return domainError('pool_not_found', `Pool ${poolId} does not exist.`);
  return pool;
}

const activeMembership = (poolId: string, memberId: string) =>
  and(eq(poolMembers.poolId, poolId), eq(poolMembers.memberId, memberId), isNull(poolMembers.leftAt));

/**
 * Sets what the pool may draw from the caller's own wallet from now on: everything, or a cap in
 * points counted afresh from this moment. It holds for every redemption that commits after it.
 */
export async function planSetPledge(
  context: LedgerContext,
  memberId: string,
  poolId: string,
  pledge: Pledge,
): Promise<WritePlan<{ poolId: string }> | DomainError> {
  const pool = await poolOfMember(context, memberId, poolId);
  if ('code' in pool) return pool;
  const { db } = context;
  return {
    status: 200,
    body: { poolId },
    statements: [
      db
        .update(poolMembers)
        .set({ pledgeCapPoints: pledge.type === 'all' ? null : pledge.capPoints, pledgeUsedPoints: 0 })
        .where(activeMembership(poolId, memberId)),
      requireChangedRow(db, 'left_pool'),
    ],
  };
}

export interface Permissions {
  readonly mayRedeem?: boolean | undefined;
  /** null removes the limit. */
  readonly monthlyLimitPoints?: number | null | undefined;
}

/** The owner decides who may redeem from the pool, and how much per month. */
export async function planSetPermissions(
  context: LedgerContext,
  ownerId: string,
  poolId: string,
  memberId: string,
  permissions: Permissions,
): Promise<WritePlan<{ poolId: string }> | DomainError> {
  const pool = await poolOfMember(context, ownerId, poolId);
  if ('code' in pool) return pool;
  if (pool.ownerMemberId !== ownerId)
    return domainError('not_pool_owner', 'Only the owner manages who may redeem.');
  if (!(await isActiveMember(context, poolId, memberId)))
    return domainError('pool_member_not_found', `${memberId} is not in this pool.`);
  if (memberId === pool.ownerMemberId && permissions.mayRedeem === false) {
    return domainError('validation_failed', 'The owner always may redeem from their pool.');
  }
  const changes: Partial<typeof poolMembers.$inferInsert> = {};
  if (permissions.mayRedeem !== undefined) changes.mayRedeem = permissions.mayRedeem;
  if (permissions.monthlyLimitPoints !== undefined)
    changes.monthlyLimitPoints = permissions.monthlyLimitPoints;
  const { db } = context;
  return {
    status: 200,
    body: { poolId },
    statements: [
      db.update(poolMembers).set(changes).where(activeMembership(poolId, memberId)),
      requireChangedRow(db, 'left_pool'),
    ],
  };
}

/** A member leaves (their wallet goes with them), or the owner removes a member. */
export async function planRemoveMember(
  context: LedgerContext,
  callerId: string,
  poolId: string,
  memberId: string,
): Promise<WritePlan<{ poolId: string }> | DomainError> {
  const pool = await poolOfMember(context, callerId, poolId);
  if ('code' in pool) return pool;
  if (callerId !== memberId && pool.ownerMemberId !== callerId)
    return domainError('not_pool_owner', 'Only the owner removes other members.');
  if (memberId === pool.ownerMemberId)
    return domainError('owner_cannot_leave', 'The owner cannot leave; dissolve the pool instead.');
  if (!(await isActiveMember(context, poolId, memberId)))
    return domainError('pool_member_not_found', `${memberId} is not in this pool.`);
  const { db } = context;
  return {
    status: 200,
    body: { poolId },
    statements: [
      db.update(poolMembers).set({ leftAt: context.clock() }).where(activeMembership(poolId, memberId)),
      requireChangedRow(db, 'left_pool'),
    ],
  };
}

/** The owner dissolves the pool: everyone leaves at once, and every wallet stays whole. */
export async function planDissolve(
  context: LedgerContext,
  ownerId: string,
  poolId: string,
): Promise<WritePlan<{ poolId: string }> | DomainError> {
  const pool = await poolOfMember(context, ownerId, poolId);
  if ('code' in pool) return pool;
  if (pool.ownerMemberId !== ownerId)
    return domainError('not_pool_owner', 'Only the owner dissolves the pool.');
  const { db } = context;
  const nowMs = context.clock();
  return {
    status: 200,
    body: { poolId },
    statements: [
      db
        .update(pools)
        .set({ dissolvedAt: nowMs })
        .where(and(eq(pools.id, poolId), isNull(pools.dissolvedAt))),
      requireChangedRow(db, 'pool_dissolved'),
      db
        .update(poolMembers)
        .set({ leftAt: nowMs })
        .where(and(eq(poolMembers.poolId, poolId), isNull(poolMembers.leftAt))),
    ],
  };
}
