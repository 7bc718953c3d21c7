import { and, eq, sql } from 'drizzle-orm';
import { walletAccountId } from '../domain/ledger/accounts.js';
import type { BatchStatement, Database } from './database.js';
import { preparedQuery } from './prepared.js';
import { accounts, memberProfiles, memberSessions, memberStatus, members } from './schema/index.js';

export type MemberRow = typeof members.$inferSelect;
export type NewMemberRow = typeof members.$inferInsert;
export type ProfileRow = typeof memberProfiles.$inferSelect;

const memberQuery = preparedQuery((db) =>
  db
    .select()
    .from(members)
    .where(eq(members.id, sql.placeholder('memberId')))
    .limit(1)
    .prepare(),
);

/** The membership, whatever its status (active, merged, erased). */
export async function findMember(db: Database, memberId: string): Promise<MemberRow | undefined> {
  const [row] = await memberQuery(db).all({ memberId });
  return row;
}

export async function findMemberByExternalReference(
  db: Database,
  externalReference: string,
): Promise<MemberRow | undefined> {
  const [row] = await db
    .select()
    .from(members)
    .where(eq(members.externalReference, externalReference))
    .limit(1);
  return row;
}

/** A member, its wallet and its status (none yet), in one batch. */
export function insertMemberStatements(db: Database, row: NewMemberRow): BatchStatement[] {
  return [
    db.insert(members).values(row),
    db.insert(accounts).values({ id: walletAccountId(row.id), kind: 'wallet', ownerId: row.id, balance: 0 }),
    db.insert(memberStatus).values({ memberId: row.id, reviewedAt: row.createdAt }),
  ];
}

const accessQuery = preparedQuery((db) =>
  db
    .select({
      status: members.status,
      mergedIntoMemberId: members.mergedIntoMemberId,
      sessionEnded: sql<
        number | null
      >`(SELECT CASE WHEN s.revoked_at IS NULL AND s.member_id = ${sql.placeholder('memberId')} THEN 0 ELSE 1 END FROM ${memberSessions} s WHERE s.id = ${sql.placeholder('sessionId')})`,
    })
    .from(members)
    .where(eq(members.id, sql.placeholder('memberId')))
    .limit(1)
    .prepare(),
);

/**
 * What a member token may open, in one query: the member's standing, and whether the session it
 * names (if any) is still open (1: ended or another member's, null: no such session).
 */
export async function memberAccess(db: Database, memberId: string, sessionId: string | undefined) {
  const [row] = await accessQuery(db).all({ memberId, sessionId: sessionId ?? '' });
  return row;
}

export async function findProfile(db: Database, memberId: string): Promise<ProfileRow | undefined> {
  const [row] = await db.select().from(memberProfiles).where(eq(memberProfiles.memberId, memberId)).limit(1);
  return row;
}

/**
 * Writes the fields the member changed, and only those: two changes of different fields racing
 * each other both stay. A member without a profile yet gets the whole row.
 */
export function saveProfileStatement(
  db: Database,
  row: ProfileRow,
  changed: readonly (keyof ProfileRow)[],
): BatchStatement {
  const set = Object.fromEntries(
    [...changed, 'updatedAt'].map((field) => [field, row[field as keyof ProfileRow]]),
  );
  return db.insert(memberProfiles).values(row).onConflictDoUpdate({ target: memberProfiles.memberId, set });
}

/**
 * Who holds a membership's wallet now: the membership itself, or the one it was merged into (merges
 * keep one hop: merging a membership re-points those merged into it). A refund or return of a
 * transaction of a merged membership moves the points of the holder, whose lots they are now.
 */
export async function holderOf(db: Database, memberId: string): Promise<string> {
  const [row] = await db
    .select({ mergedIntoMemberId: members.mergedIntoMemberId })
    .from(members)
    .where(eq(members.id, memberId))
    .limit(1);
  return row?.mergedIntoMemberId ?? memberId;
}

/** Requires the member to still be active when the batch commits (not merged or erased meanwhile). */
export function requireActiveMember(db: Database, memberId: string): BatchStatement {
  return db.run(sql`INSERT INTO write_conflicts (reason) SELECT 'member_not_active'
    WHERE NOT EXISTS (SELECT 1 FROM members WHERE id = ${memberId} AND status = 'active')`);
}

/**
 * Requires the membership not to have been merged when the batch commits: a merge moves its lots
 * and debts to another holder, so a write planned on them is planned again on the new holder.
 */
export function requireNotMerged(db: Database, memberId: string): BatchStatement {
  return db.run(sql`INSERT INTO write_conflicts (reason) SELECT 'member_merged'
    WHERE EXISTS (SELECT 1 FROM members WHERE id = ${memberId} AND status = 'merged')`);
}

/**
 * Aborts a batch that would credit an erased member's wallet: an earn, a gift or a capture planned
 * before the erasure committed is planned again, and refused.
 */
export function refuseErasedMember(db: Database, memberId: string): BatchStatement {
  return db.run(sql`INSERT INTO write_conflicts (reason) SELECT 'member_erased'
    WHERE EXISTS (SELECT 1 FROM members WHERE id = ${memberId} AND status = 'erased')`);
}

export function markClaimedStatement(db: Database, memberId: string, nowMs: number): BatchStatement {
  return db
    .update(members)
    .set({ claimedAt: sql`COALESCE(${members.claimedAt}, ${nowMs})` })
    .where(and(eq(members.id, memberId), eq(members.status, 'active')));
}
