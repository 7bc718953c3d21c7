import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * A coalition gift card: stored value in one currency, accepted as money at any partner. The balance
 * never goes below zero (CHECK), whatever spends race. The code is never stored, only its SHA-256
 * hash; `codeHint` is its last four characters. A card issued by a yearly choice's close is unique per
 * (selection, member).
 */
export const giftCards = sqliteTable(
  'gift_cards',
  {
    id: text('id').primaryKey(),
    memberId: text('member_id').notNull(),
    currency: text('currency').notNull(),
    issuedMinor: integer('issued_minor').notNull(),
    balanceMinor: integer('balance_minor').notNull(),
    codeHash: text('code_hash').unique(),
    codeHint: text('code_hint'),
    selectionId: text('selection_id'),
    /** The transaction whose points funded it. */
    transactionId: text('transaction_id').notNull(),
    points: integer('points').notNull(),
    /** Null: it never expires. */
    expiresAt: integer('expires_at'),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [
    check(
      'gift_cards_balance',
      sql`${table.balanceMinor} >= 0 AND ${table.balanceMinor} <= ${table.issuedMinor}`,
    ),
    uniqueIndex('gift_cards_one_per_selection')
      .on(table.selectionId, table.memberId)
      .where(sql`${table.selectionId} IS NOT NULL`),
    index('gift_cards_member').on(table.memberId),
  ],
);

/**
 * What happened to a card's money: issued, spent at a partner, refunded onto it, expired. A spend
 * counts what was refunded of it (CHECK: never more than was spent). The trigger of its migration
 * keeps `settlement_money_totals` in step, so a close reads totals, never these rows.
 */
export const giftCardMovements = sqliteTable(
  'gift_card_movements',
  {
    id: text('id').primaryKey(),
    giftCardId: text('gift_card_id')
      .notNull()
      .references(() => giftCards.id),
    kind: text('kind', { enum: ['issue', 'spend', 'refund', 'expiry'] }).notNull(),
    partnerId: text('partner_id'),
    amountMinor: integer('amount_minor').notNull(),
    currency: text('currency').notNull(),
    /** For a spend: how much of it was refunded. */
    refundedMinor: integer('refunded_minor').notNull().default(0),
    /** For a refund: the spend it gives back. */
    spendId: text('spend_id'),
    externalReference: text('external_reference'),
    idempotencyKey: text('idempotency_key'),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [
    check('gift_card_movements_kind', sql`${table.kind} IN ('issue', 'spend', 'refund', 'expiry')`),
    check('gift_card_movements_amount', sql`${table.amountMinor} > 0`),
    check(
      'gift_card_movements_refunds',
      sql`${table.refundedMinor} >= 0 AND ${table.refundedMinor} <= ${table.amountMinor}`,
    ),
    index('gift_card_movements_card').on(table.giftCardId, table.createdAt),
    index('gift_card_movements_partner').on(table.partnerId, table.createdAt),
  ],
);

/** Failed gift card code look-ups per partner and hour: the guessing limit counts them. */
export const giftCardGuesses = sqliteTable(
  'gift_card_guesses',
  {
    partnerId: text('partner_id').notNull(),
    /** The hour (milliseconds since the epoch, divided by 3,600,000). */
    hour: integer('hour').notNull(),
    failures: integer('failures').notNull(),
  },
  (table) => [primaryKey({ columns: [table.partnerId, table.hour] })],
);
