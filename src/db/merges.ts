import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { walletAccountId } from '../domain/ledger/accounts.js';
import type { BatchStatement, Database } from './database.js';
import { requireChangedRow } from './guards.js';
import {
  accounts,
  lots,
  memberLinks,
  members,
  payCodes,
  pointsOwed,
  poolMembers,
  qualifyingCredits,
  transactions,
} from './schema/index.js';

/** What a merge hands over from the absorbed membership, as read when it is planned. */
export interface AbsorbedHoldings {
  readonly balance: number;
  readonly lots: number;
  readonly debtPoints: number;
  /** Transactions still open: an earn held for a stay, a catalogue reservation. */
  readonly pendingTransactions: number;
  readonly poolMemberships: number;
  /** The partners that know the absorbed id: the one that enrolled it, linked it, or served it. */
  readonly partnerIds: string[];
}

export async function readAbsorbedHoldings(db: Database, memberId: string): Promise<AbsorbedHoldings> {
  const [wallet, lotCount, debts, pending, pools, partners] = await db.batch([
    db
      .select({ balance: accounts.balance })
      .from(accounts)
      .where(eq(accounts.id, walletAccountId(memberId))),
    db.select({ count: sql<number>`count(*)` }).from(lots).where(eq(lots.memberId, memberId)),
    db
      .select({ points: sql<number>`COALESCE(SUM(${pointsOwed.pointsRemaining}), 0)` })
      .from(pointsOwed)
      .where(eq(pointsOwed.memberId, memberId)),
    db
      .select({ count: sql<number>`count(*)` })
      .from(transactions)
      .where(and(eq(transactions.memberId, memberId), eq(transactions.status, 'pending'))),
    db
      .select({ count: sql<number>`count(*)` })
      .from(poolMembers)
      .where(and(eq(poolMembers.memberId, memberId), isNull(poolMembers.leftAt))),
    db.all<{ partnerId: string }>(sql`
      SELECT enrolled_by_partner_id AS partnerId FROM members WHERE id = ${memberId}
      UNION SELECT partner_id FROM member_links WHERE member_id = ${memberId}
      UNION SELECT partner_id FROM transactions WHERE member_id = ${memberId} AND partner_id IS NOT NULL`),
  ]);
  return {
    balance: wallet[0]?.balance ?? 0,
    lots: lotCount[0]?.count ?? 0,
    debtPoints: debts[0]?.points ?? 0,
    pendingTransactions: pending[0]?.count ?? 0,
    poolMemberships: pools[0]?.count ?? 0,
    partnerIds: partners.map((row) => row.partnerId).sort(),
  };
}

/** The absorbed membership's qualifying credits, per month and partner, as entries to move. */
export interface CreditsToMove {
  readonly partnerId: string | null;
  readonly credits: number;
  /** The latest moment of the group: inside its month, so the credits count in the same window. */
  readonly qualifyingAt: number;
}

export async function readCreditsToMove(db: Database, memberId: string): Promise<CreditsToMove[]> {
  const rows = await db
    .select({
      partnerId: qualifyingCredits.partnerId,
      credits: sql<number>`SUM(${qualifyingCredits.credits})`,
      qualifyingAt: sql<number>`MAX(${qualifyingCredits.qualifyingAt})`,
    })
    .from(qualifyingCredits)
    .where(eq(qualifyingCredits.memberId, memberId))
    .groupBy(
      sql`strftime('%Y-%m', ${qualifyingCredits.qualifyingAt} / 1000, 'unixepoch')`,
      qualifyingCredits.partnerId,
    );
  // Gains before losses, so that no month of either member goes below zero on the way.
  return rows.filter((row) => row.credits !== 0).sort((a, b) => b.credits - a.credits);
}

/**
 * Marks the absorbed membership merged, guarded in the batch: it must still be active, and the
 * survivor too, so that of two merges of one pair (either way round), of a merge racing an
 * erasure, or of a membership merged twice, exactly one commits.
 */
export function absorbMemberStatements(
  db: Database,
  merge: { absorbedMemberId: string; survivorMemberId: string },
): BatchStatement[] {
  const { absorbedMemberId, survivorMemberId } = merge;
  return [
    db
      .update(members)
      .set({ status: 'merged', mergedIntoMemberId: survivorMemberId })
      .where(
        and(
          eq(members.id, absorbedMemberId),
          eq(members.status, 'active'),
          sql`${members.id} <> ${survivorMemberId}`,
        ),
      ),
    requireChangedRow(db, 'member_not_active'),
    db.run(sql`INSERT INTO write_conflicts (reason) SELECT 'member_not_active'
      WHERE NOT EXISTS (SELECT 1 FROM members WHERE id = ${survivorMemberId} AND status = 'active')`),
    // Earlier merges into the absorbed membership now point at the survivor: one hop always suffices.
    db
      .update(members)
      .set({ mergedIntoMemberId: survivorMemberId })
      .where(eq(members.mergedIntoMemberId, absorbedMemberId)),
  ];
}

/**
 * Refuses the batch when the absorbed membership has an open transaction or a pool membership that
 * a write committed after the merge was planned.
 */
export function mergeableGuards(db: Database, absorbedMemberId: string): BatchStatement[] {
  return [
    db.run(sql`INSERT INTO write_conflicts (reason) SELECT 'merge_pending_transactions'
      WHERE EXISTS (SELECT 1 FROM transactions WHERE member_id = ${absorbedMemberId} AND status = 'pending')`),
    db.run(sql`INSERT INTO write_conflicts (reason) SELECT 'merge_pool_membership'
      WHERE EXISTS (SELECT 1 FROM pool_members WHERE member_id = ${absorbedMemberId} AND left_at IS NULL)`),
  ];
}

/**
 * Hands the absorbed membership's lots (every one, emptied ones too, so a later return finds its
 * lot), debts and partner links to the survivor; after the merge transfer the absorbed wallet must
 * be empty, or a write that moved it meanwhile makes the merge be planned again.
 */
export function handOverStatements(
  db: Database,
  merge: { absorbedMemberId: string; survivorMemberId: string; nowMs: number },
): BatchStatement[] {
  const { absorbedMemberId, survivorMemberId, nowMs } = merge;
  return [
    db.update(lots).set({ memberId: survivorMemberId }).where(eq(lots.memberId, absorbedMemberId)),
    db.run(sql`INSERT INTO write_conflicts (reason) SELECT 'merge_balance_changed'
      WHERE (SELECT balance FROM accounts WHERE id = ${walletAccountId(absorbedMemberId)}) <> 0`),
    db
      .update(pointsOwed)
      .set({ memberId: survivorMemberId })
      .where(eq(pointsOwed.memberId, absorbedMemberId)),
    db
      .update(memberLinks)
      .set({ memberId: survivorMemberId })
      .where(eq(memberLinks.memberId, absorbedMemberId)),
    // Pay codes of the absorbed membership stop working at once.
    db
      .update(payCodes)
      .set({ expiresAt: nowMs })
      .where(
        and(eq(payCodes.memberId, absorbedMemberId), isNull(payCodes.usedAt), gt(payCodes.expiresAt, nowMs)),
      ),
  ];
}
