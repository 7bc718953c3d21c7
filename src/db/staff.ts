import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { BatchStatement, Database } from './database.js';
import { requireChangedRow } from './guards.js';
import {
  partners,
  refreshTokens,
  staffInvitations,
  staffPasskeys,
  staffSessions,
  staffUsers,
} from './schema/index.js';

export type StaffUserRow = typeof staffUsers.$inferSelect;
export type StaffPasskeyRow = typeof staffPasskeys.$inferSelect;
export type StaffSessionRow = typeof staffSessions.$inferSelect;

export async function findStaffUser(db: Database, userId: string): Promise<StaffUserRow | undefined> {
  const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, userId)).limit(1);
  return row;
}

/** The staff of the operator (`partnerId` null) or of one partner, oldest first. */
export async function listStaffUsers(db: Database, partnerId: string | null): Promise<StaffUserRow[]> {
  return db
    .select()
    .from(staffUsers)
    .where(partnerId === null ? isNull(staffUsers.partnerId) : eq(staffUsers.partnerId, partnerId))
    .orderBy(staffUsers.id);
}

export async function findInvitation(db: Database, codeHash: string) {
  const [row] = await db
    .select({ invitation: staffInvitations, user: staffUsers })
    .from(staffInvitations)
    .innerJoin(staffUsers, eq(staffUsers.id, staffInvitations.userId))
    .where(eq(staffInvitations.codeHash, codeHash))
    .limit(1);
  return row;
}

/** A new staff user, invited: the user row and the hash of its single-use invitation code. */
export function inviteStatements(
  db: Database,
  user: StaffUserRow,
  invitation: { codeHash: string; expiresAt: number },
): BatchStatement[] {
  return [
    db.insert(staffUsers).values(user),
    db.insert(staffInvitations).values({
      codeHash: invitation.codeHash,
      userId: user.id,
      createdAt: user.createdAt,
      expiresAt: invitation.expiresAt,
      usedAt: null,
    }),
  ];
}

/**
 * Uses an invitation once, at most until it expires, and makes its user active: two acceptances
 * racing with one code cannot both pass.
 */
export function acceptInvitationStatements(
  db: Database,
  acceptance: { codeHash: string; userId: string; nowMs: number },
): BatchStatement[] {
  const { codeHash, userId, nowMs } = acceptance;
  return [
    db
      .update(staffInvitations)
      .set({ usedAt: nowMs })
      .where(
        and(
          eq(staffInvitations.codeHash, codeHash),
          isNull(staffInvitations.usedAt),
          gt(staffInvitations.expiresAt, nowMs),
        ),
      ),
    requireChangedRow(db, 'staff_invitation_used'),
    db
      .update(staffUsers)
      .set({ status: 'active' })
      .where(and(eq(staffUsers.id, userId), eq(staffUsers.status, 'invited'))),
    requireChangedRow(db, 'staff_user_not_invited'),
  ];
}

export async function findStaffPasskeyByCredential(
  db: Database,
  credentialId: string,
): Promise<StaffPasskeyRow | undefined> {
  const [row] = await db
    .select()
    .from(staffPasskeys)
    .where(eq(staffPasskeys.credentialId, credentialId))
    .limit(1);
  return row;
}

/** Records a sign-in's counter, guarded so two sign-ins racing with the same counter cannot both pass. */
export function staffPasskeyUsedStatements(
  db: Database,
  passkeyId: string,
  use: { signCount: number; nowMs: number },
): BatchStatement[] {
  return [
    db
      .update(staffPasskeys)
      .set({ signCount: use.signCount, lastUsedAt: use.nowMs })
      .where(
        and(
          eq(staffPasskeys.id, passkeyId),
          sql`(${staffPasskeys.signCount} < ${use.signCount} OR (${staffPasskeys.signCount} = 0 AND ${use.signCount} = 0))`,
        ),
      ),
    requireChangedRow(db, 'passkey_counter'),
  ];
}

/** Guards, inside a sign-in's batch, that the user is still active when the session opens. */
export function requireActiveStaffUser(db: Database, userId: string): BatchStatement {
  return db.run(sql`INSERT INTO write_conflicts (reason)
    SELECT 'staff_user_inactive' WHERE NOT EXISTS
      (SELECT 1 FROM staff_users WHERE id = ${userId} AND status = 'active')`);
}

export function openStaffSessionStatements(
  db: Database,
  session: StaffSessionRow,
  refreshTokenHash: string,
): BatchStatement[] {
  return [
    db.insert(staffSessions).values(session),
    db
      .insert(refreshTokens)
      .values({ tokenHash: refreshTokenHash, sessionId: session.id, createdAt: session.createdAt }),
  ];
}

export async function findStaffRefreshToken(db: Database, tokenHash: string) {
  const [row] = await db
    .select({ token: refreshTokens, session: staffSessions, user: staffUsers })
    .from(refreshTokens)
    .innerJoin(staffSessions, eq(staffSessions.id, refreshTokens.sessionId))
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.userId))
    .where(eq(refreshTokens.tokenHash, tokenHash))
    .limit(1);
  return row;
}

/** As a member's: the used token is spent once, the session must still be open, the next is kept. */
export function rotateStaffRefreshStatements(
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
      .update(staffSessions)
      .set({ refreshedAt: nowMs })
      .where(
        and(
          eq(staffSessions.id, sessionId),
          isNull(staffSessions.revokedAt),
          gt(staffSessions.expiresAt, nowMs),
        ),
      ),
    requireChangedRow(db, 'session_ended'),
    db.insert(refreshTokens).values({ tokenHash: nextHash, sessionId, createdAt: nowMs }),
  ];
}

export function revokeStaffSessionStatement(db: Database, sessionId: string, nowMs: number): BatchStatement {
  return db
    .update(staffSessions)
    .set({ revokedAt: sql`COALESCE(${staffSessions.revokedAt}, ${nowMs})` })
    .where(eq(staffSessions.id, sessionId));
}

/**
 * Whether a staff token still opens anything: its session open, its user active, and for partner
 * staff their partner not suspended. One query, on every staff request.
 */
export async function staffAccess(
  db: Database,
  access: { userId: string; sessionId: string; nowMs: number },
): Promise<{ partnerId: string | null; role: string; partnerStatus: string | null } | undefined> {
  const [row] = await db
    .select({ partnerId: staffUsers.partnerId, role: staffUsers.role, partnerStatus: partners.status })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.userId))
    .leftJoin(partners, eq(partners.id, staffUsers.partnerId))
    .where(
      and(
        eq(staffSessions.id, access.sessionId),
        eq(staffSessions.userId, access.userId),
        isNull(staffSessions.revokedAt),
        gt(staffSessions.expiresAt, access.nowMs),
        eq(staffUsers.status, 'active'),
      ),
    )
    .limit(1);
  return row;
}
