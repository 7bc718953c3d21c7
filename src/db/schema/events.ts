import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { EventType } from '../../domain/events/registry.js';

/**
 * The transactional outbox: every change a partner, a member app or the operator cares about
 * writes its event here in the same batch as the change, so an event exists exactly when its
 * change committed. `position` is the order of commits, the cursor of the feed and of delivery.
 */
export const events = sqliteTable(
  'events',
  {
    position: integer('position').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    type: text('type').$type<EventType>().notNull(),
    version: integer('version').notNull(),
    occurredAt: integer('occurred_at').notNull(),
    /** The ledger sequence the change stands at, when it moved points. */
    sequence: integer('sequence'),
    /** JSON: the event's `data`, as its type's registry entry shapes it. */
    data: text('data').notNull(),
  },
  (table) => [index('events_occurred').on(table.occurredAt)],
);

/**
 * Who receives an event besides the operator: a partner (its own transactions, statements, keys)
 * or a member (their own activity, their pools). Keyed by position so each receiver's feed is an
 * index range.
 */
export const eventRecipients = sqliteTable(
  'event_recipients',
  {
    kind: text('kind', { enum: ['partner', 'member'] }).notNull(),
    recipientId: text('recipient_id').notNull(),
    position: integer('position').notNull(),
  },
  (table) => [primaryKey({ columns: [table.kind, table.recipientId, table.position] })],
);
