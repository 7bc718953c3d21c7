import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { partners } from './partners.js';

/** Where a membership stands: in use, merged into another membership, or erased at the member's request. */
export const MEMBER_STATUSES = ['active', 'merged', 'erased'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/**
 * A membership and its wallet. The id is pseudonymous: nothing personal lives here but the
 * enrolling partner's card number, which erasure removes; the profile is a table of its own.
 */
export const members = sqliteTable('members', {
  id: text('id').primaryKey(),
  /** A card number or similar; unique across the whole network. */
  externalReference: text('external_reference').unique(),
  enrolledByPartnerId: text('enrolled_by_partner_id')
    .notNull()
    .references(() => partners.id),
  createdAt: integer('created_at').notNull(),
  status: text('status', { enum: MEMBER_STATUSES }).notNull().default('active'),
  /** When the member first claimed the wallet with a claim code. */
  claimedAt: integer('claimed_at'),
  /** The membership this one was merged into. */
  mergedIntoMemberId: text('merged_into_member_id'),
  erasedAt: integer('erased_at'),
});

/**
 * A partner's own card number for a member it did not create: linked once the member showed their
 * coalition card (a pay code from their wallet) at the partner. External references are unique
 * across the network, enrolments' and links' alike, so a reference names one member; a merge hands
 * the absorbed membership's links to the surviving one.
 */
export const memberLinks = sqliteTable(
  'member_links',
  {
    externalReference: text('external_reference').primaryKey(),
    partnerId: text('partner_id')
      .notNull()
      .references(() => partners.id),
    memberId: text('member_id').notNull(),
    linkedAt: integer('linked_at').notNull(),
  },
  (table) => [index('member_links_member').on(table.memberId)],
);

/** What the member tells about themselves, all optional; erased with the member. */
export const memberProfiles = sqliteTable('member_profiles', {
  memberId: text('member_id').primaryKey(),
  displayName: text('display_name'),
  email: text('email'),
  phone: text('phone'),
  /** BCP 47 language tag. */
  locale: text('locale'),
  /** ISO 3166-1 alpha-2. */
  homeCountry: text('home_country'),
  postalArea: text('postal_area'),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * A one-time code that lets its holder claim a membership: given at enrolment, or issued again by
 * a partner or the operator for recovery. Only its SHA-256 is kept; the code itself is derived from
 * the claim id with a key of the network (src/auth/claim-codes.ts), so a replayed enrolment can
 * show it again without it ever being stored.
 */
export const claimCodes = sqliteTable(
  'claim_codes',
  {
    id: text('id').primaryKey(),
    codeHash: text('code_hash').notNull().unique(),
    memberId: text('member_id').notNull(),
    /** The network key the code was derived with. */
    keyId: text('key_id').notNull(),
    issuedBy: text('issued_by', { enum: ['enrolment', 'partner', 'operator'] }).notNull(),
    /** The partner or operator that issued it. */
    issuerId: text('issuer_id').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
    /** Set when a newer code replaced it, or the membership was merged or erased. */
    revokedAt: integer('revoked_at'),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [index('claim_codes_member').on(table.memberId)],
);

/**
 * A member's signed-in session: short-lived access tokens name it (`sid`), and a chain of
 * single-use refresh tokens keeps it alive until `expiresAt`. Revoked at sign-out, on refresh
 * token reuse, when its passkey is removed, and at merge or erasure.
 */
export const memberSessions = sqliteTable(
  'member_sessions',
  {
    id: text('id').primaryKey(),
    memberId: text('member_id').notNull(),
    method: text('method', { enum: ['claim', 'passkey'] }).notNull(),
    passkeyId: text('passkey_id'),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    refreshedAt: integer('refreshed_at'),
    revokedAt: integer('revoked_at'),
  },
  (table) => [index('member_sessions_member').on(table.memberId)],
);

/** Refresh tokens, stored as SHA-256; each is used once and replaced by the next. */
export const refreshTokens = sqliteTable(
  'refresh_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    sessionId: text('session_id').notNull(),
    createdAt: integer('created_at').notNull(),
    usedAt: integer('used_at'),
  },
  (table) => [index('refresh_tokens_session').on(table.sessionId)],
);

/**
 * Failed guesses of a secret (a claim code) per client address (its SHA-256, never the address)
 * and fixed window, counted by an atomic increment so concurrent guesses cannot pass the limit.
 */
export const guessAttempts = sqliteTable(
  'guess_attempts',
  {
    bucket: text('bucket').notNull(),
    windowStart: integer('window_start').notNull(),
    attempts: integer('attempts').notNull(),
  },
  (table) => [primaryKey({ columns: [table.bucket, table.windowStart] })],
);
