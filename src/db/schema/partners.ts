import { sql } from 'drizzle-orm';
import { check, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** A merchant of the coalition. Commercial terms are decimal strings in the reference currency. */
export const partners = sqliteTable(
  'partners',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    sector: text('sector').notNull(),
    country: text('country').notNull(),
    settlementCurrency: text('settlement_currency').notNull(),
    earnRate: text('earn_rate').notNull(),
    issuePrice: text('issue_price').notNull(),
    redeemRate: text('redeem_rate').notNull(),
    /** JSON object: category name -> decimal multiplier string. */
    categoryMultipliers: text('category_multipliers').notNull().default('{}'),
    /** Qualifying credits per point earned (decimal string); 0: purchases here never qualify. */
    qualifyingCreditsPerPoint: text('qualifying_credits_per_point').notNull().default('1'),
    status: text('status', { enum: ['active', 'suspended'] })
      .notNull()
      .default('active'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (table) => [check('partners_status', sql`${table.status} IN ('active', 'suspended')`)],
);

/** Public keys a partner signs its tokens with, found by (partner, kid). */
export const partnerKeys = sqliteTable(
  'partner_keys',
  {
    partnerId: text('partner_id')
      .notNull()
      .references(() => partners.id),
    kid: text('kid').notNull(),
    algorithm: text('algorithm').notNull(),
    publicJwk: text('public_jwk').notNull(),
    createdAt: integer('created_at').notNull(),
    removedAt: integer('removed_at'),
  },
  (table) => [primaryKey({ columns: [table.partnerId, table.kid] })],
);
