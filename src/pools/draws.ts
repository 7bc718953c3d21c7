import { and, eq, isNull, sql } from 'drizzle-orm';
import type { BatchStatement } from '../db/database.js';
import {
  activeMembers,
  findActivePool,
  monthlyUsage,
  type PoolMemberRow,
  type PoolRow,
  poolsOfMember,
} from '../db/pools.js';
import { preparedInsert, preparedWrite } from '../db/prepared-write.js';
import { poolMembers, poolRedemptions } from '../db/schema/index.js';
import type { LedgerContext } from '../dependencies.js';
import { type DomainError, domainError } from '../domain/errors.js';
import type { LotBalance, LotDraw } from '../domain/ledger/lots.js';
import { allocatePoolDraw, drawable, type PledgedWallet, poolSpendable } from '../domain/pools/draw.js';
import { monthOf } from '../domain/pools/rules.js';
import { requireChangedRow } from '../writes/guards.js';
import { pledgedWallets } from './view.js';

/** Points taken from one wallet for a redemption. */
export interface WalletDraw {
  readonly memberId: string;
  readonly poolId: string | null;
  readonly lots: readonly LotDraw[];
}

/** Points already planned out of each lot in this redemption, so two sources never take the same points twice. */
export type PlannedLotUse = Map<string, number>;

function lessPlanned(lots: readonly LotBalance[], planned: PlannedLotUse): LotBalance[] {
  return lots
    .map((lot) => ({ ...lot, pointsRemaining: lot.pointsRemaining - (planned.get(lot.id) ?? 0) }))
    .filter((lot) => lot.pointsRemaining > 0);
}

export function recordPlanned(planned: PlannedLotUse, draws: readonly LotDraw[]): void {
  for (const draw of draws) planned.set(draw.lotId, (planned.get(draw.lotId) ?? 0) + draw.points);
}

export interface PoolCapacity {
  readonly pool: PoolRow;
  readonly membership: PoolMemberRow;
  readonly wallets: (PledgedWallet & { membership: PoolMemberRow })[];
  /** What the member may spend from this pool now: pledged points of the pool's wallets within the monthly limit. */
  readonly spendable: number;
}

/** What a member may draw from one pool today, excluding wallets in `excludeMemberIds`. */
export async function poolCapacity(
  context: LedgerContext,
  pool: PoolRow,
  membership: PoolMemberRow,
  planned: PlannedLotUse,
  excludeMemberIds: ReadonlySet<string>,
): Promise<PoolCapacity> {
  const wallets = (await pledgedWallets(context, await activeMembers(context.db, pool.id)))
    .filter((wallet) => !excludeMemberIds.has(wallet.memberId))
    .map((wallet) => ({ ...wallet, lots: lessPlanned(wallet.lots, planned) }));
  const used =
    membership.mayRedeem && membership.monthlyLimitPoints !== null
      ? await monthlyUsage(context.db, pool.id, membership.memberId, monthOf(context.clock()))
      : 0;
  return { pool, membership, wallets, spendable: poolSpendable(wallets, membership, used) };
}

/** The member's pools they may redeem from, oldest membership first: the stable order `auto` uses. */
export async function memberPoolCapacities(
  context: LedgerContext,
  memberId: string,
  planned: PlannedLotUse,
  excludeOwnWallet: boolean,
): Promise<PoolCapacity[]> {
  const exclude = new Set(excludeOwnWallet ? [memberId] : []);
  const capacities: PoolCapacity[] = [];
  for (const { pool, membership } of await poolsOfMember(context.db, memberId)) {
    capacities.push(await poolCapacity(context, pool, membership, planned, exclude));
  }
  return capacities;
}

export async function namedPoolCapacity(
  context: LedgerContext,
  memberId: string,
  poolId: string,
  planned: PlannedLotUse,
): Promise<PoolCapacity | DomainError<'pool_not_found' | 'not_permitted_to_redeem'>> {
  const pool = await findActivePool(context.db, poolId);
  const membership =
    pool === undefined
      ? undefined
      : (await activeMembers(context.db, poolId)).find((row) => row.memberId === memberId);
  if (pool === undefined || membership === undefined)
    return domainError('pool_not_found', `Pool ${poolId} does not exist or the member is not in it.`);
  if (!membership.mayRedeem)
    return domainError(
      'not_permitted_to_redeem',
      'The pool owner has not allowed this member to redeem from the pool.',
    );
  return poolCapacity(context, pool, membership, planned, new Set());
}

/** Draws `points` from a pool by its policy; refuses with the rule that stops it. */
/** Why a pool cannot cover a redemption. */
export const POOL_DRAW_REFUSALS = [
  'pool_not_found',
  'not_permitted_to_redeem',
  'monthly_limit_reached',
  'pledge_exceeded',
  'insufficient_points',
] as const;

export function drawFromPool(
  capacity: PoolCapacity,
  points: number,
): WalletDraw[] | DomainError<'monthly_limit_reached' | 'pledge_exceeded' | 'insufficient_points'> {
  const { pool, membership, wallets } = capacity;
  if (points > capacity.spendable) {
    const pledged = wallets.reduce((total, wallet) => total + drawable(wallet), 0);
    if (pledged >= points) {
      return domainError(
        'monthly_limit_reached',
        `This redemption would exceed the member's monthly limit of ${membership.monthlyLimitPoints} points in this pool.`,
        {
          remainingPoints: capacity.spendable,
        },
      );
    }
    const spendable = wallets.reduce(
      (total, wallet) => total + wallet.lots.reduce((sum, lot) => sum + lot.pointsRemaining, 0),
      0,
    );
    if (spendable >= points) {
      return domainError(
        'pledge_exceeded',
        `The pool's pledges allow ${pledged} points; ${points} were asked.`,
        { availablePoints: pledged },
      );
    }
    return domainError('insufficient_points', `The pool can spend ${pledged} points; ${points} were asked.`, {
      availablePoints: pledged,
      requestedPoints: points,
    });
  }
  const allocation = allocatePoolDraw(wallets, points, pool.drawPolicy);
  if (allocation === undefined)
    return domainError('insufficient_points', `The pool cannot cover ${points} points.`, {
      requestedPoints: points,
    });
  return allocation.map((entry) => ({ memberId: entry.memberId, poolId: pool.id, lots: entry.draws }));
}

/** Counts points drawn from a wallet against its pledge (its CHECK keeps them within a cap). */
const usePledge = preparedWrite<{ poolId: string; memberId: string; points: number }>((db) =>
  db
    .update(poolMembers)
    .set({ pledgeUsedPoints: sql`${poolMembers.pledgeUsedPoints} + ${sql.placeholder('points')}` })
    .where(
      and(
        eq(poolMembers.poolId, sql.placeholder('poolId')),
        eq(poolMembers.memberId, sql.placeholder('memberId')),
        isNull(poolMembers.leftAt),
      ),
    )
    .prepare(),
);

const insertPoolRedemption = preparedInsert(poolRedemptions);

/**
 * The statements that keep a pool redemption within its rules whatever commits concurrently:
 * each drawn wallet is still in the pool and within its pledge (CHECK), the redeemer may still
 * redeem and stays within the monthly limit, and the pool's activity records the redemption.
 */
export function poolRedemptionStatements(
  context: LedgerContext,
  input: {
    poolId: string;
    redeemerMemberId: string;
    partnerId: string;
    transactionId: string;
    draws: readonly WalletDraw[];
  },
): BatchStatement[] {
  const { db } = context;
  const nowMs = context.clock();
  const month = monthOf(nowMs);
  const points = input.draws.reduce(
    (total, draw) => total + draw.lots.reduce((sum, lot) => sum + lot.points, 0),
    0,
  );
  const statements: BatchStatement[] = [];
  for (const draw of input.draws) {
    const drawn = draw.lots.reduce((sum, lot) => sum + lot.points, 0);
    statements.push(
      usePledge(db, { poolId: input.poolId, memberId: draw.memberId, points: drawn }),
      requireChangedRow(db, 'left_pool'),
    );
  }
  statements.push(
    db.run(sql`INSERT INTO write_conflicts (reason) SELECT 'not_permitted'
      WHERE NOT EXISTS (SELECT 1 FROM pool_members m JOIN pools p ON p.id = m.pool_id
        WHERE m.pool_id = ${input.poolId} AND m.member_id = ${input.redeemerMemberId} AND m.left_at IS NULL AND m.may_redeem = 1 AND p.dissolved_at IS NULL)`),
    db.run(sql`INSERT INTO pool_monthly_usage (pool_id, member_id, month, points) VALUES (${input.poolId}, ${input.redeemerMemberId}, ${month}, ${points})
      ON CONFLICT (pool_id, member_id, month) DO UPDATE SET points = points + excluded.points`),
    db.run(sql`INSERT INTO write_conflicts (reason) SELECT 'monthly_limit'
      WHERE (SELECT points FROM pool_monthly_usage WHERE pool_id = ${input.poolId} AND member_id = ${input.redeemerMemberId} AND month = ${month})
        > (SELECT monthly_limit_points FROM pool_members WHERE pool_id = ${input.poolId} AND member_id = ${input.redeemerMemberId} AND left_at IS NULL)`),
    insertPoolRedemption(db, {
      poolId: input.poolId,
      transactionId: input.transactionId,
      redeemerMemberId: input.redeemerMemberId,
      partnerId: input.partnerId,
      points,
      createdAt: nowMs,
    }),
  );
  return statements;
}
