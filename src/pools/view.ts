import { readMemberLots } from '../db/ledger.js';
import { activeMembers, monthlyUsage, type PoolMemberRow, type PoolRow, poolActivity } from '../db/pools.js';
import type { LedgerContext } from '../dependencies.js';
import { spendableLots } from '../domain/ledger/lots.js';
import { drawable, type PledgedWallet } from '../domain/pools/draw.js';
import { monthOf } from '../domain/pools/rules.js';

export interface PoolMemberView {
  memberId: string;
  role: 'owner' | 'member';
  pledge: { type: 'all' } | { type: 'cap'; capPoints: number; remainingPoints: number };
  drawablePoints: number;
  mayRedeem: boolean;
  monthlyLimitPoints: number | null;
  redeemedThisMonth: number;
  joinedAt: string;
}

export interface PoolView {
  id: string;
  kind: 'household' | 'friends';
  name: string;
  ownerMemberId: string;
  drawPolicy: 'soonest_expiring' | 'proportional';
  totalPoints: number;
  members: PoolMemberView[];
  activity: {
    transactionId: string;
    redeemerMemberId: string;
    partner: { id: string; name: string; sector: string; country: string };
    points: number;
    createdAt: string;
  }[];
  createdAt: string;
}

export function pledgeRemaining(
  membership: Pick<PoolMemberRow, 'pledgeCapPoints' | 'pledgeUsedPoints'>,
): number | undefined {
  return membership.pledgeCapPoints === null
    ? undefined
    : membership.pledgeCapPoints - membership.pledgeUsedPoints;
}

/** The pledged wallets of a pool's active members, with what each may give today. */
export async function pledgedWallets(
  context: LedgerContext,
  members: readonly PoolMemberRow[],
): Promise<(PledgedWallet & { membership: PoolMemberRow })[]> {
  const nowMs = context.clock();
  return Promise.all(
    members.map(async (membership) => ({
      memberId: membership.memberId,
      lots: spendableLots(await readMemberLots(context.db, membership.memberId), nowMs),
      pledgeRemaining: pledgeRemaining(membership),
      membership,
    })),
  );
}

/**
 * What every pool member sees: the total the pool can draw, each member's pledge and what the
 * pool may take from them, and the pool's redemptions; never a member's own wallet activity.
 * A write passes the memberships as it is about to leave them, so its answer (which an
 * Idempotency-Key replays) is the pool as that write made it.
 */
export async function poolView(
  context: LedgerContext,
  pool: PoolRow,
  planned?: readonly PoolMemberRow[],
): Promise<PoolView> {
  const members = planned ?? (await activeMembers(context.db, pool.id));
  const wallets = await pledgedWallets(context, members);
  const month = monthOf(context.clock());
  const memberViews = await Promise.all(
    wallets.map(async (wallet): Promise<PoolMemberView> => {
      const { membership } = wallet;
      return {
        memberId: membership.memberId,
        role: membership.role,
        pledge:
          membership.pledgeCapPoints === null
            ? { type: 'all' }
            : {
                type: 'cap',
                capPoints: membership.pledgeCapPoints,
                remainingPoints: membership.pledgeCapPoints - membership.pledgeUsedPoints,
              },
        drawablePoints: drawable(wallet),
        mayRedeem: membership.mayRedeem,
        monthlyLimitPoints: membership.monthlyLimitPoints,
        redeemedThisMonth: await monthlyUsage(context.db, pool.id, membership.memberId, month),
        joinedAt: new Date(membership.joinedAt).toISOString(),
      };
    }),
  );
  const activity = await poolActivity(context.db, pool.id, 50);
  return {
    id: pool.id,
    kind: pool.kind,
    name: pool.name,
    ownerMemberId: pool.ownerMemberId,
    drawPolicy: pool.drawPolicy,
    totalPoints: memberViews.reduce((total, member) => total + member.drawablePoints, 0),
    members: memberViews,
    activity: activity.map((entry) => ({
      transactionId: entry.transactionId,
      redeemerMemberId: entry.redeemerMemberId,
      partner: { id: entry.partnerId, name: entry.partnerName, sector: entry.sector, country: entry.country },
      points: entry.points,
      createdAt: new Date(entry.createdAt).toISOString(),
    })),
    createdAt: new Date(pool.createdAt).toISOString(),
  };
}
