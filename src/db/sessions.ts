import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { BatchStatement, Database } from './database.js';
import { requireChangedRow } from './guards.js';
import { memberSessions, refreshTokens } from './schema/index.js';

export type SessionRow = typeof memberSessions.$inferSelect;

/** A new session and its first refresh token. */
export function openSessionStatements(
  db: Database,
  session: SessionRow,
  refreshTokenHash: string,
): BatchStatement[] {
  return [
    db.insert(memberSessions).values(session),
    db
      .insert(refreshTokens)
      .values({ tokenHash: refreshTokenHash, sessionId: session.id, createdAt: session.createdAt }),
  ];
}

export async function findRefreshToken(db: Database, tokenHash: string) {
  const [row] = await db
    .select({ token: refreshTokens, session: memberSessions })
    .from(refreshTokens)
    .innerJoin(memberSessions, eq(memberSessions.id, refreshTokens.sessionId))
    .where(eq(refreshTokens.tokenHash, tokenHash))
    .limit(1);
  return row;
}

/**
 * Uses a refresh token once and gives its session the next: a second use of the same token, even
 * concurrent, finds it used (or the session ended) and aborts its batch.
 */
export function rotateRefreshTokenStatements(
  db: Database,
  rotation: { usedHash: string; nextHash: string; sessionId: string; nowMs: number },
): BatchStatement[] {
  const { usedHash, nextHash, sessionId, nowMs } = rotation;
  return [
    db
      .update(refreshTokens)
      .set({ usedAt: nowMs })
      .where(and(eq(refreshTokens.tokenHash, usedHash), isNull(refreshTokens.usedAt))),
    requireChangedRow(db, 'refresh_token_used'),
    db
      .update(memberSessions)
      .set({ refreshedAt: nowMs })
      .where(
        and(
          eq(memberSessions.id, sessionId),
          isNull(memberSessions.revokedAt),
          gt(memberSessions.expiresAt, nowMs),
        ),
      ),
    requireChangedRow(db, 'session_ended'),
    db.insert(refreshTokens).values({ tokenHash: nextHash, sessionId, createdAt: nowMs }),
  ];
}

/** Ends sessions by id, or every session of a member; ended sessions stay ended. */
export function revokeSessionsStatement(
  db: Database,
  which: { sessionId: string } | { memberId: string } | { passkeyId: string },
  nowMs: number,
): BatchStatement {
  const selector =
    'sessionId' in which
      ? eq(memberSessions.id, which.sessionId)
      : 'memberId' in which
        ? eq(memberSessions.memberId, which.memberId)
        : eq(memberSessions.passkeyId, which.passkeyId);
  return db
    .update(memberSessions)
    .set({ revokedAt: sql`COALESCE(${memberSessions.revokedAt}, ${nowMs})` })
    .where(selector);
}
