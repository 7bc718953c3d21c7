import { and, asc, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { selectionMembers, selections } from './schema/index.js';

export type SelectionRow = typeof selections.$inferSelect;
export type SelectionMemberRow = typeof selectionMembers.$inferSelect;

export async function findSelection(db: Database, selectionId: string): Promise<SelectionRow | undefined> {
  const [row] = await db.select().from(selections).where(eq(selections.id, selectionId)).limit(1);
  return row;
}

export async function findSelectionMember(
  db: Database,
  selectionId: string,
  memberId: string,
): Promise<SelectionMemberRow | undefined> {
  const [row] = await db
    .select()
    .from(selectionMembers)
    .where(and(eq(selectionMembers.selectionId, selectionId), eq(selectionMembers.memberId, memberId)))
    .limit(1);
  return row;
}

/** Members of the cohort without an outcome yet, in a stable order: the next batch of a close. */
export async function undecidedMembers(
  db: Database,
  selectionId: string,
  limit: number,
): Promise<SelectionMemberRow[]> {
  return db
    .select()
    .from(selectionMembers)
    .where(and(eq(selectionMembers.selectionId, selectionId), isNull(selectionMembers.outcome)))
    .orderBy(asc(selectionMembers.memberId))
    .limit(limit);
}

/** How many members of the cohort have each outcome (`undecided` for none yet). */
export async function outcomeCounts(db: Database, selectionId: string): Promise<Record<string, number>> {
  const rows = (await db
    .select({ outcome: selectionMembers.outcome, members: sql<number>`COUNT(*)` })
    .from(selectionMembers)
    .where(eq(selectionMembers.selectionId, selectionId))
    .groupBy(selectionMembers.outcome)) as { outcome: string | null; members: number }[];
  return Object.fromEntries(rows.map((row) => [row.outcome ?? 'undecided', Number(row.members)]));
}

/** Yearly choices newest first, keyset-paginated by id. */
export async function listSelections(
  db: Database,
  limit: number,
  beforeId?: string,
): Promise<SelectionRow[]> {
  return db
    .select()
    .from(selections)
    .where(beforeId === undefined ? undefined : lt(selections.id, beforeId))
    .orderBy(desc(selections.id))
    .limit(limit);
}

/** The yearly choices a member is in, newest first, with the member's own row. */
export async function selectionsOfMember(db: Database, memberId: string) {
  return db
    .select({ selection: selections, membership: selectionMembers })
    .from(selectionMembers)
    .innerJoin(selections, eq(selections.id, selectionMembers.selectionId))
    .where(eq(selectionMembers.memberId, memberId))
    .orderBy(desc(selections.id));
}

/** Members whose own wallet held at least `minPoints` at `asOfMs`, from the transfers up to then. */
export async function membersWithPointsAt(
  db: Database,
  minPoints: number,
  asOfMs: number,
): Promise<string[]> {
  const rows = (await db.all(sql`
    SELECT owner_id AS memberId FROM (
      SELECT a.owner_id,
        COALESCE((SELECT SUM(points) FROM transfers t WHERE t.credit_account_id = a.id AND t.created_at <= ${asOfMs}), 0)
        - COALESCE((SELECT SUM(points) FROM transfers t WHERE t.debit_account_id = a.id AND t.created_at <= ${asOfMs}), 0) AS points
      FROM accounts a WHERE a.kind = 'wallet')
    WHERE points >= ${minPoints}
    ORDER BY owner_id`)) as { memberId: string }[];
  return rows.map((row) => row.memberId);
}
