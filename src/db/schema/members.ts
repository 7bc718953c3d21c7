import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { partners } from './partners.js';

export const members = sqliteTable('members', {
  id: text('id').primaryKey(),
  /** A card number or similar; unique across the whole network. */
  externalReference: text('external_reference').unique(),
  enrolledByPartnerId: text('enrolled_by_partner_id')
    .notNull()
    .references(() => partners.id),
  createdAt: integer('created_at').notNull(),
});
