import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { ChallengeInput } from '../domain/status/compute.js';
import type { Ladder } from '../domain/status/ladder.js';
import type { BatchStatement, Database } from './database.js';
import {
  gapGifts,
  gratitudeAllowances,
  memberGoals,
  memberStatus,
  members,
  qualifyingCredits,
  qualifyingMonths,
  statusChallenges,
  statusChanges,
  tierLadders,
} from './schema/index.js';

export type MemberStatusRow = typeof memberStatus.$inferSelect;
export type QualifyingCreditRow = typeof qualifyingCredits.$inferInsert;
export type StatusChangeRow = typeof statusChanges.$inferSelect;
export type GapGiftRow = typeof gapGifts.$inferSelect;
export type ChallengeRow = typeof statusChallenges.$inferSelect;

/** The network's gift budget is kept under this holder; each member's cap under the member's id. */
export const NETWORK_HOLDER = 'network';

/** Everything a member's status is computed from, and what a write about it is guarded on. */
export interface StatusSnapshot {
  readonly memberId: string;
  readonly enrolledAt: number | undefined;
  readonly row: MemberStatusRow | undefined;
  readonly months: Map<string, number>;
  readonly challenges: ChallengeInput[];
  readonly ladders: Ladder[];
  /** The gifts already given to the member: `tier` and the start of the window they were for. */
  readonly gifts: { tier: string; windowStart: number }[];
  /** Credits already given this calendar year: by the network to everyone, and to this member. */
  readonly giftedThisYear: { network: number; member: number };
  /** Whether the member saves for a catalogue item (a goal the review may gift the last points to). */
  readonly hasGoal: boolean;
}

export function toLadder(row: typeof tierLadders.$inferSelect): Ladder {
  return { id: row.id, effectiveFrom: row.effectiveFrom, tiers: row.tiers };
}

/** Every version of the ladder, oldest first. */
export async function readLadders(db: Database): Promise<Ladder[]> {
  const rows = await db
    .select()
    .from(tierLadders)
    .orderBy(asc(tierLadders.effectiveFrom), asc(tierLadders.id));
  return rows.map(toLadder);
}

/**
 * A member's status inputs in one batch of reads (one transaction on libSQL and D1): the status row
 * is read in the same snapshot as the credits, so a write guarded on its version never plans on
 * credits older than the version says.
 */
export async function readStatusSnapshot(
  db: Database,
  memberId: string,
  year: number,
): Promise<StatusSnapshot> {
  const [rows, months, challenges, challengeCredits, ladders, gifts, allowances] = await db.batch([
    db
      .select({
        status: memberStatus,
        enrolledAt: members.createdAt,
        hasGoal: sql<number>`EXISTS (SELECT 1 FROM ${memberGoals} WHERE ${memberGoals.memberId} = ${members.id})`,
      })
      .from(members)
      .leftJoin(memberStatus, eq(memberStatus.memberId, members.id))
      .where(eq(members.id, memberId)),
    db
      .select({ month: qualifyingMonths.month, credits: qualifyingMonths.credits })
      .from(qualifyingMonths)
      .where(eq(qualifyingMonths.memberId, memberId)),
    db.select().from(statusChallenges).where(eq(statusChallenges.memberId, memberId)),
    db
      .select({
        challengeId: statusChallenges.id,
        at: qualifyingCredits.qualifyingAt,
        credits: qualifyingCredits.credits,
      })
      .from(statusChallenges)
      .innerJoin(
        qualifyingCredits,
        and(
          eq(qualifyingCredits.memberId, statusChallenges.memberId),
          gte(qualifyingCredits.qualifyingAt, statusChallenges.startsAt),
          lt(qualifyingCredits.qualifyingAt, statusChallenges.endsAt),
        ),
      )
      .where(eq(statusChallenges.memberId, memberId)),
    db.select().from(tierLadders).orderBy(asc(tierLadders.effectiveFrom), asc(tierLadders.id)),
    db
      .select({ tier: gapGifts.tier, windowStart: gapGifts.windowStart })
      .from(gapGifts)
      .where(eq(gapGifts.memberId, memberId)),
    db
      .select({ holder: gratitudeAllowances.holder, usedCredits: gratitudeAllowances.usedCredits })
      .from(gratitudeAllowances)
      .where(
        and(
          inArray(gratitudeAllowances.holder, [NETWORK_HOLDER, memberId]),
          eq(gratitudeAllowances.year, year),
        ),
      ),
  ]);
  const found = rows[0];
  const used = (holder: string) => allowances.find((row) => row.holder === holder)?.usedCredits ?? 0;
  return {
    memberId,
    enrolledAt: found?.enrolledAt,
    row: found?.status ?? undefined,
    months: new Map(months.map((row) => [row.month, row.credits])),
    challenges: challenges.map((challenge) => ({
      id: challenge.id,
      tierCode: challenge.tier,
      startsAt: challenge.startsAt,
      endsAt: challenge.endsAt,
      targetCredits: challenge.targetCredits,
      credits: challengeCredits
        .filter((entry) => entry.challengeId === challenge.id)
        .map((entry) => ({ at: entry.at, credits: entry.credits })),
    })),
    ladders: ladders.map(toLadder),
    gifts,
    giftedThisYear: { network: used(NETWORK_HOLDER), member: used(memberId) },
    hasGoal: Number(found?.hasGoal ?? 0) === 1,
  };
}

/** The qualifying credits an earn gave (its `earn` entry), to take back in proportion on a refund. */
export async function readEarnCredits(
  db: Database,
  earnTransactionId: string,
): Promise<{ credits: number; qualifyingAt: number } | undefined> {
  const [row] = await db
    .select({ credits: qualifyingCredits.credits, qualifyingAt: qualifyingCredits.qualifyingAt })
    .from(qualifyingCredits)
    .where(and(eq(qualifyingCredits.sourceId, earnTransactionId), eq(qualifyingCredits.source, 'earn')))
    .limit(1);
  return row;
}

export function insertQualifyingCreditStatement(db: Database, row: QualifyingCreditRow): BatchStatement {
  return db.insert(qualifyingCredits).values(row);
}

/**
 * Writes the reviewed status, guarded on the version that was read: a write for the same member
 * that committed meanwhile makes this one fail its guard and be planned again.
 */
export function updateStatusStatement(
  db: Database,
  memberId: string,
  plannedVersion: number,
  changes: Omit<typeof memberStatus.$inferInsert, 'memberId' | 'version'>,
): BatchStatement {
  return db
    .update(memberStatus)
    .set({ ...changes, version: sql`${memberStatus.version} + 1` })
    .where(and(eq(memberStatus.memberId, memberId), eq(memberStatus.version, plannedVersion)));
}

export function insertStatusChangeStatement(db: Database, row: StatusChangeRow): BatchStatement {
  return db.insert(statusChanges).values(row);
}

/**
 * A gift's share of the year's allowance of `holder`: the row's CHECK refuses it, inside the batch,
 * when it would pass the cap (the cap is the configured one, so a lowered cap holds at once).
 */
export function useAllowanceStatement(
  db: Database,
  holder: string,
  year: number,
  capCredits: number,
  credits: number,
): BatchStatement {
  return db
    .insert(gratitudeAllowances)
    .values({ holder, year, capCredits, usedCredits: credits })
    .onConflictDoUpdate({
      target: [gratitudeAllowances.holder, gratitudeAllowances.year],
      set: {
        capCredits,
        usedCredits: sql`${gratitudeAllowances.usedCredits} + ${credits}`,
      },
    });
}

export function insertGapGiftStatement(db: Database, row: GapGiftRow): BatchStatement {
  return db.insert(gapGifts).values(row);
}

/** Members whose status is due for a review (a window ended, a grace or trial ended, a notice is due). */
export async function readDueReviews(db: Database, nowMs: number, limit: number): Promise<string[]> {
  const rows = await db
    .select({ memberId: memberStatus.memberId })
    .from(memberStatus)
    .where(sql`${memberStatus.nextReviewAt} IS NOT NULL AND ${memberStatus.nextReviewAt} <= ${nowMs}`)
    .orderBy(asc(memberStatus.nextReviewAt), asc(memberStatus.memberId))
    .limit(limit);
  return rows.map((row) => row.memberId);
}

/** A member's status changes, newest first, keyset-paginated by id. */
export async function readStatusChanges(
  db: Database,
  memberId: string,
  limit: number,
  beforeId?: string,
): Promise<StatusChangeRow[]> {
  return db
    .select()
    .from(statusChanges)
    .where(
      and(
        eq(statusChanges.memberId, memberId),
        beforeId === undefined ? undefined : lt(statusChanges.id, beforeId),
      ),
    )
    .orderBy(desc(statusChanges.id))
    .limit(limit);
}

/** The gap gifts a member received, newest first: at most one per tier and window, so few. */
export async function memberGapGifts(db: Database, memberId: string): Promise<GapGiftRow[]> {
  return db
    .select()
    .from(gapGifts)
    .where(eq(gapGifts.memberId, memberId))
    .orderBy(desc(gapGifts.givenAt), desc(gapGifts.id));
}
