import { and, eq, isNull, sql } from 'drizzle-orm';
import {
  activeMembers,
  findActivePool,
  findInvite,
  membershipGuards,
  membershipHistory,
  type PoolMemberRow,
  type PoolRow,
} from '../db/pools.js';
import { poolInvites, poolMembers, pools } from '../db/schema/index.js';
import type { LedgerContext } from '../dependencies.js';
import { type DomainError, domainError, type RefusalOf } from '../domain/errors.js';
import {
  checkMayJoin,
  defaultMembership,
  JOINING_REFUSALS,
  maxMembers,
  type PoolKind,
} from '../domain/pools/rules.js';
import { sha256Hex } from '../domain/sha256.js';
import { eventDraft } from '../events/draft.js';
import { requireChangedRow } from '../writes/guards.js';
import type { WritePlan } from '../writes/plan.js';
import { type PoolView, poolView } from './view.js';

const DAY_MS = 86_400_000;

/** What creating a pool can be refused with. */
export const CREATE_POOL_REFUSALS = [...JOINING_REFUSALS] as const;
/** What inviting can be refused with. */
export const INVITE_REFUSALS = ['pool_not_found', 'not_pool_owner'] as const;
/** What joining with a code can be refused with. */
export const JOIN_REFUSALS = [
  'invite_invalid',
  'invite_used',
  'invite_expired',
  'already_pool_member',
  'pool_full',
  ...JOINING_REFUSALS,
] as const;

export interface CreatePoolRequest {
  readonly kind: PoolKind;
  readonly name: string;
  readonly drawPolicy?: 'soonest_expiring' | 'proportional' | undefined;
}

/** Creates a pool with its owner as first member; the route answers with the pool read back. */
export async function planCreatePool(
  context: LedgerContext,
  memberId: string,
  request: CreatePoolRequest,
): Promise<WritePlan<PoolView> | DomainError<RefusalOf<typeof CREATE_POOL_REFUSALS>>> {
  const { db, ids, clock, config } = context;
  const nowMs = clock();
  const refusal = checkMayJoin(request.kind, await membershipHistory(db, memberId), config.pools, nowMs);
  if (refusal) return refusal;
  const pool: PoolRow = {
    id: ids('pool'),
    kind: request.kind,
    name: request.name,
    ownerMemberId: memberId,
    drawPolicy: request.drawPolicy ?? 'soonest_expiring',
    createdAt: nowMs,
    dissolvedAt: null,
  };
  const membership = {
    id: ids('pool'),
    poolId: pool.id,
    memberId,
    role: 'owner' as const,
    ...defaultMembership(request.kind),
    mayRedeem: true,
    joinedAt: nowMs,
  };
  const owner: PoolMemberRow = { ...membership, pledgeUsedPoints: 0, monthlyLimitPoints: null, leftAt: null };
  return {
    status: 201,
    body: await poolView(context, pool, [owner]),
    events: [
      eventDraft(
        context,
        'pool.created',
        { poolId: pool.id, kind: pool.kind, ownerMemberId: memberId },
        { memberIds: [memberId] },
      ),
    ],
    statements: [
      db.insert(pools).values(pool),
      db.insert(poolMembers).values(owner),
      ...membershipGuards(
        db,
        pool.id,
        memberId,
        request.kind,
        maxMembers(request.kind, config.pools),
        config.pools.friendPoolsPerMember,
      ),
    ],
  };
}

/** A single-use code, shown once; only its SHA-256 is kept. */
export async function planInvite(
  context: LedgerContext,
  memberId: string,
  poolId: string,
): Promise<
  | WritePlan<{ code: string; poolId: string; expiresAt: string }>
  | DomainError<RefusalOf<typeof INVITE_REFUSALS>>
> {
  const { db, clock, config } = context;
  const pool = await findActivePool(db, poolId);
  if (pool === undefined || !(await isActiveMember(context, poolId, memberId)))
    return domainError('pool_not_found', `Pool ${poolId} does not exist.`);
  if (pool.ownerMemberId !== memberId) return domainError('not_pool_owner', 'Only the owner invites.');
  const code = inviteCode();
  const expiresAt = clock() + config.pools.inviteDays * DAY_MS;
  return {
    status: 201,
    body: { code, poolId, expiresAt: new Date(expiresAt).toISOString() },
    statements: [
      db.insert(poolInvites).values({
        codeHash: await hashCode(code),
        poolId,
        createdByMemberId: memberId,
        expiresAt,
        createdAt: clock(),
      }),
    ],
  };
}

/** Joining needs the invitee's own token: the member id is the caller's, never the code's. */
export async function planJoin(
  context: LedgerContext,
  memberId: string,
  code: string,
): Promise<WritePlan<PoolView> | DomainError<RefusalOf<typeof JOIN_REFUSALS>>> {
  const { db, ids, clock, config } = context;
  const nowMs = clock();
  const invite = await findInvite(db, await hashCode(code.trim().toUpperCase()));
  if (invite === undefined) return domainError('invite_invalid', 'No such invite code.');
  if (invite.usedByMemberId !== null) return domainError('invite_used', 'This invite code has been used.');
  if (invite.expiresAt <= nowMs)
    return domainError(
      'invite_expired',
      `This invite code expired at ${new Date(invite.expiresAt).toISOString()}.`,
    );
  const pool = await findActivePool(db, invite.poolId);
  if (pool === undefined) return domainError('invite_invalid', 'The pool of this invite no longer exists.');
  if (await isActiveMember(context, pool.id, memberId))
    return domainError('already_pool_member', 'The member is already in this pool.');
  const refusal = checkMayJoin(pool.kind, await membershipHistory(db, memberId), config.pools, nowMs);
  if (refusal) return refusal;
  const limit = maxMembers(pool.kind, config.pools);
  const members = await activeMembers(db, pool.id);
  if (members.length >= limit)
    return domainError('pool_full', `A ${pool.kind} pool has at most ${limit} members.`, { limit });
  const joined: PoolMemberRow = {
    id: ids('pool'),
    poolId: pool.id,
    memberId,
    role: 'member',
    ...defaultMembership(pool.kind),
    pledgeUsedPoints: 0,
    monthlyLimitPoints: null,
    joinedAt: nowMs,
    leftAt: null,
  };
  return {
    status: 200,
    body: await poolView(context, pool, [...members, joined]),
    events: [
      eventDraft(
        context,
        'pool.member_joined',
        { poolId: pool.id, memberId },
        { memberIds: [...members.map((row) => row.memberId), memberId] },
      ),
    ],
    statements: [
      db
        .update(poolInvites)
        .set({ usedByMemberId: memberId, usedAt: nowMs })
        .where(
          and(
            eq(poolInvites.codeHash, invite.codeHash),
            isNull(poolInvites.usedByMemberId),
            sql`${poolInvites.expiresAt} > ${nowMs}`,
          ),
        ),
      requireChangedRow(db, 'invite_used'),
      db.insert(poolMembers).values(joined),
      ...membershipGuards(db, pool.id, memberId, pool.kind, limit, config.pools.friendPoolsPerMember),
    ],
  };
}

export async function isActiveMember(
  context: LedgerContext,
  poolId: string,
  memberId: string,
): Promise<boolean> {
  const [row] = await context.db
    .select({ id: poolMembers.id })
    .from(poolMembers)
    .where(
      and(eq(poolMembers.poolId, poolId), eq(poolMembers.memberId, memberId), isNull(poolMembers.leftAt)),
    )
    .limit(1);
  return row !== undefined;
}

/** The pool as its member sees it; a pool the caller is not in does not exist for them. */
export async function readPoolAsMember(
  context: LedgerContext,
  memberId: string,
  poolId: string,
): Promise<PoolView | DomainError<'pool_not_found'>> {
  const pool = await findActivePool(context.db, poolId);
  if (pool === undefined || !(await isActiveMember(context, poolId, memberId)))
    return domainError('pool_not_found', `Pool ${poolId} does not exist.`);
  return poolView(context, pool);
}

// 32 symbols, so that a random byte maps onto them without bias.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function inviteCode(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return [...bytes].map((byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join('');
}

function hashCode(code: string): Promise<string> | string {
  return sha256Hex(code);
}
