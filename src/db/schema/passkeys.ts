import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * A member's passkeys (WebAuthn credentials): the public key, never anything secret. Found by the
 * credential id the authenticator sends at sign-in; several per member.
 */
export const passkeys = sqliteTable(
  'passkeys',
  {
    id: text('id').primaryKey(),
    memberId: text('member_id').notNull(),
    /** base64url, as the browser names it. */
    credentialId: text('credential_id').notNull().unique(),
    /** The public key as a JWK (JSON). */
    publicJwk: text('public_jwk').notNull(),
    algorithm: text('algorithm', { enum: ['ES256', 'EdDSA', 'RS256'] }).notNull(),
    signCount: integer('sign_count').notNull(),
    /** JSON array of the transports the browser reported (`internal`, `hybrid`, `usb`, …). */
    transports: text('transports').notNull(),
    aaguid: text('aaguid').notNull(),
    backupEligible: integer('backup_eligible', { mode: 'boolean' }).notNull(),
    backedUp: integer('backed_up', { mode: 'boolean' }).notNull(),
    name: text('name').notNull(),
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at'),
  },
  (table) => [index('passkeys_member').on(table.memberId)],
);

/** Challenges whose ceremony was accepted, until they expire: a response is never accepted twice. */
export const usedChallenges = sqliteTable('used_challenges', {
  challenge: text('challenge').primaryKey(),
  expiresAt: integer('expires_at').notNull(),
});
