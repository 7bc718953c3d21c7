import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { partners } from './partners.js';

/**
 * The people who run the coalition (operator staff, `partner_id` null) and a partner's back office
 * (partner staff). An admin invites them; they sign in with passkeys. A staff user acts as the
 * operator or as their partner, limited by their role (src/domain/staff/roles.ts).
 */
export const staffUsers = sqliteTable(
  'staff_users',
  {
    /** `stf_…`: the actor the audit log records for what they do. */
    id: text('id').primaryKey(),
    /** Null for operator staff; the partner a partner's staff work for. */
    partnerId: text('partner_id').references(() => partners.id),
    role: text('role', { enum: ['admin', 'finance', 'support'] }).notNull(),
    name: text('name').notNull(),
    /** `invited` until the invitation is accepted with a passkey; `disabled` opens nothing. */
    status: text('status', { enum: ['invited', 'active', 'disabled'] }).notNull(),
    invitedBy: text('invited_by').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [
    check('staff_users_role', sql`${table.role} IN ('admin', 'finance', 'support')`),
    // Partners have admins and finance staff; support is the operator's.
    check(
      'staff_users_partner_role',
      sql`${table.partnerId} IS NULL OR ${table.role} IN ('admin', 'finance')`,
    ),
    check('staff_users_status', sql`${table.status} IN ('invited', 'active', 'disabled')`),
    index('staff_users_partner').on(table.partnerId),
  ],
);

/** A single-use invitation: only the SHA-256 of its code is kept. */
export const staffInvitations = sqliteTable('staff_invitations', {
  codeHash: text('code_hash').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => staffUsers.id),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
});

/** A staff user's passkeys: public keys only, found by the credential id the authenticator sends. */
export const staffPasskeys = sqliteTable(
  'staff_passkeys',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => staffUsers.id),
    credentialId: text('credential_id').notNull().unique(),
    publicJwk: text('public_jwk').notNull(),
    algorithm: text('algorithm', { enum: ['ES256', 'EdDSA', 'RS256'] }).notNull(),
    signCount: integer('sign_count').notNull(),
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at'),
  },
  (table) => [index('staff_passkeys_user').on(table.userId)],
);

/**
 * A staff sign-in. Its refresh tokens live in `refresh_tokens`, single use, as a member's do:
 * a staff refresh token is never found for a member session nor the other way round.
 */
export const staffSessions = sqliteTable(
  'staff_sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => staffUsers.id),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    refreshedAt: integer('refreshed_at'),
    revokedAt: integer('revoked_at'),
  },
  (table) => [index('staff_sessions_user').on(table.userId)],
);
