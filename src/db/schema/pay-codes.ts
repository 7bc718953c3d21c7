import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * One-time pay codes a member's wallet shows at the till: proof that the member is there when a
 * partner spends their points. Only the code's hash is kept; a code is used once, by one redemption.
 */
export const payCodes = sqliteTable(
  'pay_codes',
  {
    id: text('id').primaryKey(),
    memberId: text('member_id').notNull(),
    /** SHA-256 (hex) of the normalized code. */
    codeHash: text('code_hash').notNull().unique(),
    /** The one partner the code may be used at; any partner when null. */
    partnerId: text('partner_id'),
    /** The most points the code lets a partner redeem; no limit beyond the balance when null. */
    maxPoints: integer('max_points'),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
    /** The redemption that used the code. */
    transactionId: text('transaction_id'),
  },
  (table) => [index('pay_codes_member').on(table.memberId)],
);
