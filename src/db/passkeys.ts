import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { BatchStatement, Database } from './database.js';
import { requireChangedRow } from './guards.js';
import { passkeys, usedChallenges } from './schema/index.js';

export type PasskeyRow = typeof passkeys.$inferSelect;

export async function memberPasskeys(db: Database, memberId: string): Promise<PasskeyRow[]> {
  return db
    .select()
    .from(passkeys)
    .where(eq(passkeys.memberId, memberId))
    .orderBy(asc(passkeys.createdAt), asc(passkeys.id));
}

export async function findPasskeyByCredential(
  db: Database,
  credentialId: string,
): Promise<PasskeyRow | undefined> {
  const [row] = await db.select().from(passkeys).where(eq(passkeys.credentialId, credentialId)).limit(1);
  return row;
}

export async function isChallengeUsed(db: Database, challenge: string): Promise<boolean> {
  const [row] = await db
    .select({ challenge: usedChallenges.challenge })
    .from(usedChallenges)
    .where(eq(usedChallenges.challenge, challenge))
    .limit(1);
  return row !== undefined;
}

/** Records a challenge as used; a second response to it, even concurrent, fails on the key. */
export function useChallengeStatement(db: Database, challenge: string, expiresAtMs: number): BatchStatement {
  return db.insert(usedChallenges).values({ challenge, expiresAt: expiresAtMs });
}

/**
 * Records a sign-in with a passkey: its counter moves forward (or both stay 0, as synced passkeys
 * keep it), guarded so two sign-ins racing with the same counter cannot both pass.
 */
export function passkeyUsedStatements(
  db: Database,
  passkeyId: string,
  use: { signCount: number; backedUp: boolean; nowMs: number },
): BatchStatement[] {
  return [
    db
      .update(passkeys)
      .set({ signCount: use.signCount, backedUp: use.backedUp, lastUsedAt: use.nowMs })
      .where(
        and(
          eq(passkeys.id, passkeyId),
          sql`(${passkeys.signCount} < ${use.signCount} OR (${passkeys.signCount} = 0 AND ${use.signCount} = 0))`,
        ),
      ),
    requireChangedRow(db, 'passkey_counter'),
  ];
}

/** Removes a passkey, guarded so that a member always keeps at least one. */
export function removePasskeyStatements(db: Database, memberId: string, passkeyId: string): BatchStatement[] {
  return [
    db.run(sql`DELETE FROM passkeys WHERE id = ${passkeyId} AND member_id = ${memberId}
      AND (SELECT COUNT(*) FROM passkeys WHERE member_id = ${memberId}) > 1`),
    requireChangedRow(db, 'passkey_removed'),
  ];
}

export function pruneChallengesStatement(db: Database, beforeMs: number): BatchStatement {
  return db.delete(usedChallenges).where(lt(usedChallenges.expiresAt, beforeMs));
}
