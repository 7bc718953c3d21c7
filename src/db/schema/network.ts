import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** The network's own signing keys (Node keeps them here; Workers read them from a secret). */
export const networkKeys = sqliteTable('network_keys', {
  kid: text('kid').primaryKey(),
  algorithm: text('algorithm').notNull(),
  privateJwk: text('private_jwk').notNull(),
  publicJwk: text('public_jwk').notNull(),
  createdAt: integer('created_at').notNull(),
  retiredAt: integer('retired_at'),
});

/** An FX snapshot published by the operator: `1 reference = rate currency`, kept forever. */
export const fxSnapshots = sqliteTable(
  'fx_snapshots',
  {
    id: text('id').primaryKey(),
    referenceCurrency: text('reference_currency').notNull(),
    asOf: integer('as_of').notNull(),
    /** JSON object: currency code -> decimal rate string. */
    rates: text('rates').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  // Every earn and redemption reads the newest snapshot.
  (table) => [index('fx_snapshots_newest').on(table.asOf, table.id)],
);
