import { and, eq, inArray, sql } from 'drizzle-orm';
import type { BatchStatement, Database } from './database.js';
import { goalGiftAllowances, goalGifts, memberGoals } from './schema/index.js';
import { NETWORK_HOLDER } from './status.js';

export type MemberGoalRow = typeof memberGoals.$inferSelect;
export type GoalGiftRow = typeof goalGifts.$inferSelect;

export async function findGoal(db: Database, memberId: string): Promise<MemberGoalRow | undefined> {
  const [row] = await db.select().from(memberGoals).where(eq(memberGoals.memberId, memberId)).limit(1);
  return row;
}

/** Saves the member's goal, replacing the one they had. */
export function saveGoalStatement(db: Database, row: MemberGoalRow): BatchStatement {
  return db
    .insert(memberGoals)
    .values(row)
    .onConflictDoUpdate({
      target: memberGoals.memberId,
      set: { itemId: row.itemId, savedAt: row.savedAt },
    });
}

export function deleteGoalStatement(db: Database, memberId: string): BatchStatement {
  return db.delete(memberGoals).where(eq(memberGoals.memberId, memberId));
}

export async function findGoalGift(
  db: Database,
  memberId: string,
  itemId: string,
): Promise<GoalGiftRow | undefined> {
  const [row] = await db
    .select()
    .from(goalGifts)
    .where(and(eq(goalGifts.memberId, memberId), eq(goalGifts.itemId, itemId)))
    .limit(1);
  return row;
}

/** Points given in goal gifts this calendar year: by the whole network, and to the member. */
export async function readGoalGiftAllowances(
  db: Database,
  memberId: string,
  year: number,
): Promise<{ network: number; member: number }> {
  const rows = await db
    .select({ holder: goalGiftAllowances.holder, usedPoints: goalGiftAllowances.usedPoints })
    .from(goalGiftAllowances)
    .where(
      and(inArray(goalGiftAllowances.holder, [NETWORK_HOLDER, memberId]), eq(goalGiftAllowances.year, year)),
    );
  const used = (holder: string) => rows.find((row) => row.holder === holder)?.usedPoints ?? 0;
  return { network: used(NETWORK_HOLDER), member: used(memberId) };
}

/**
 * A goal gift's share of the year's allowance of `holder`: the row's CHECK refuses it, inside the
 * batch, when it would pass the cap (the configured cap, so a lowered one holds at once).
 */
export function useGoalAllowanceStatement(
  db: Database,
  holder: string,
  year: number,
  capPoints: number,
  points: number,
): BatchStatement {
  return db
    .insert(goalGiftAllowances)
    .values({ holder, year, capPoints, usedPoints: points })
    .onConflictDoUpdate({
      target: [goalGiftAllowances.holder, goalGiftAllowances.year],
      set: { capPoints, usedPoints: sql`${goalGiftAllowances.usedPoints} + ${points}` },
    });
}

export function insertGoalGiftStatement(db: Database, row: GoalGiftRow): BatchStatement {
  return db.insert(goalGifts).values(row);
}
