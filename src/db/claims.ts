import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { BatchStatement, Database } from './database.js';
import { requireChangedRow } from './guards.js';
import { claimCodes } from './schema/index.js';

export type ClaimCodeRow = typeof claimCodes.$inferSelect;

export async function findClaimCode(db: Database, codeHash: string): Promise<ClaimCodeRow | undefined> {
  const [row] = await db.select().from(claimCodes).where(eq(claimCodes.codeHash, codeHash)).limit(1);
  return row;
}

/** A new claim code; every earlier unused code of the member is revoked, so only the newest works. */
export function issueClaimCodeStatements(db: Database, row: ClaimCodeRow): BatchStatement[] {
  return [
    db
      .update(claimCodes)
      .set({ revokedAt: row.createdAt })
      .where(
        and(eq(claimCodes.memberId, row.memberId), isNull(claimCodes.usedAt), isNull(claimCodes.revokedAt)),
      ),
    db.insert(claimCodes).values(row),
  ];
}

/** Uses the code once: a second use, concurrent or later, finds it used and aborts its batch. */
export function useClaimCodeStatements(db: Database, id: string, nowMs: number): BatchStatement[] {
  return [
    db
      .update(claimCodes)
      .set({ usedAt: nowMs })
      .where(
        and(
          eq(claimCodes.id, id),
          isNull(claimCodes.usedAt),
          isNull(claimCodes.revokedAt),
          gt(claimCodes.expiresAt, nowMs),
        ),
      ),
    requireChangedRow(db, 'claim_code_used'),
  ];
}

/** Revokes every claim code of a member still open (a merged or erased membership). */
export function revokeClaimCodesStatement(db: Database, memberId: string, nowMs: number): BatchStatement {
  return db
    .update(claimCodes)
    .set({ revokedAt: sql`COALESCE(${claimCodes.revokedAt}, ${nowMs})` })
    .where(and(eq(claimCodes.memberId, memberId), isNull(claimCodes.usedAt)));
}
