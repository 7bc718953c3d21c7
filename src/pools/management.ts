import { and, eq, isNull } from 'drizzle-orm';
import { activeMembers, findActivePool, type PoolMemberRow, type PoolRow } from '../db/pools.js';
import { poolMembers, pools } from '../db/schema/index.js';
import type { LedgerContext } from '../dependencies.js';
import { type DomainError, domainError, type RefusalOf } from '../domain/errors.js';
import { eventDraft } from '../events/draft.js';
import { requireChangedRow } from '../writes/guards.js';
import type { WritePlan } from '../writes/plan.js';
import { isActiveMember } from './membership.js';
import { type PoolView, poolView } from './view.js';

export type Pledge = { type: 'all' } | { type: 'cap'; capPoints: number };

/** What changing a pledge can be refused with. */
export const PLEDGE_REFUSALS = ['pool_not_found'] as const;
/** What the owner's permission changes can be refused with. */
export const PERMISSION_REFUSALS = [
  'pool_not_found',
  'not_pool_owner',
  'pool_member_not_found',
  'validation_failed',
] as const;
/** What leaving or removing a member can be refused with. */
export const REMOVAL_REFUSALS = [
  'pool_not_found',
  'not_pool_owner',
  'owner_cannot_leave',
  'pool_member_not_found',
] as const;
/** What dissolving a pool can be refused with. */
export const DISSOLVE_REFUSALS = ['pool_not_found', 'not_pool_owner'] as const;

async function poolOfMember(
  context: LedgerContext,
  memberId: string,
  poolId: string,
): Promise<PoolRow | DomainError<'pool_not_found'>> {
  const pool = await findActivePool(context.db, poolId);
  if (pool === undefined || !(await isActiveMember(context, poolId, memberId)))
    return domainError('pool_not_found', `Pool ${poolId} does not exist.`);
  return pool;
}

/** The pool as its members will see it once one membership changed as planned. */
async function viewAfter(
  context: LedgerContext,
  pool: PoolRow,
  memberId: string,
  changes: Partial<PoolMemberRow>,
): Promise<PoolView> {
  const members = await activeMembers(context.db, pool.id);
  return poolView(
    context,
    pool,
    members.map((row) => (row.memberId === memberId ? { ...row, ...changes } : row)),
  );
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
): Promise<WritePlan<PoolView> | DomainError<RefusalOf<typeof PLEDGE_REFUSALS>>> {
  const pool = await poolOfMember(context, memberId, poolId);
  if ('code' in pool) return pool;
  const { db } = context;
  const changes = { pledgeCapPoints: pledge.type === 'all' ? null : pledge.capPoints, pledgeUsedPoints: 0 };
  const view = await viewAfter(context, pool, memberId, changes);
  return {
    status: 200,
    body: view,
    events: [
      eventDraft(
        context,
        'pool.pledge_changed',
        { poolId, memberId, pledge: pledge.type === 'all' ? 'all' : pledge.capPoints },
        { memberIds: view.members.map((member) => member.memberId) },
      ),
    ],
    statements: [
      db.update(poolMembers).set(changes).where(activeMembership(poolId, memberId)),
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
): Promise<WritePlan<PoolView> | DomainError<RefusalOf<typeof PERMISSION_REFUSALS>>> {
  const pool = await poolOfMember(context, ownerId, poolId);
  if ('code' in pool) return pool;
  if (pool.ownerMemberId !== ownerId)
    return domainError('not_pool_owner', 'Only the owner manages who may redeem.');
  if (!(await isActiveMember(context, poolId, memberId)))
    return domainError('pool_member_not_found', `${memberId} is not in this pool.`);
  if (memberId === pool.ownerMemberId && permissions.mayRedeem === false) {
    return domainError('validation_failed', 'The owner always may redeem from their pool.');
  }
  const changes: Partial<PoolMemberRow> = {};
  if (permissions.mayRedeem !== undefined) changes.mayRedeem = permissions.mayRedeem;
  if (permissions.monthlyLimitPoints !== undefined)
    changes.monthlyLimitPoints = permissions.monthlyLimitPoints;
  const { db } = context;
  return {
    status: 200,
    body: await viewAfter(context, pool, memberId, changes),
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
): Promise<WritePlan<{ poolId: string }> | DomainError<RefusalOf<typeof REMOVAL_REFUSALS>>> {
  const pool = await poolOfMember(context, callerId, poolId);
  if ('code' in pool) return pool;
  if (callerId !== memberId && pool.ownerMemberId !== callerId)
    return domainError('not_pool_owner', 'Only the owner removes other members.');
  if (memberId === pool.ownerMemberId)
    return domainError('owner_cannot_leave', 'The owner cannot leave; dissolve the pool instead.');
  if (!(await isActiveMember(context, poolId, memberId)))
    return domainError('pool_member_not_found', `${memberId} is not in this pool.`);
  const { db } = context;
  const members = await activeMembers(db, poolId);
  return {
    status: 200,
    body: { poolId },
    events: [
      eventDraft(
        context,
        'pool.member_left',
        { poolId, memberId, removedBy: callerId },
        { memberIds: members.map((row) => row.memberId) },
      ),
    ],
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
): Promise<WritePlan<{ poolId: string }> | DomainError<RefusalOf<typeof DISSOLVE_REFUSALS>>> {
  const pool = await poolOfMember(context, ownerId, poolId);
  if ('code' in pool) return pool;
  if (pool.ownerMemberId !== ownerId)
    return domainError('not_pool_owner', 'Only the owner dissolves the pool.');
  const { db } = context;
  const nowMs = context.clock();
  const members = await activeMembers(db, poolId);
  return {
    status: 200,
    body: { poolId },
    events: [
      eventDraft(context, 'pool.dissolved', { poolId }, { memberIds: members.map((row) => row.memberId) }),
    ],
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
