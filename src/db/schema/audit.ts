import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * What operators did, append-only (triggers refuse UPDATE and DELETE). Each row is written in the
 * same batch as the action it records, so an action without its row, or a row without its
 * action, cannot exist. `summary` is JSON that never holds a secret (no token, no private key).
 */
export const auditLog = sqliteTable('audit_log', {
  /** `aud_` ids sort by creation: the log is read newest first by id. */
  id: text('id').primaryKey(),
  /** The operator token's subject. */
  actor: text('actor').notNull(),
  /** e.g. `partner.create`, `partner_key.remove`, `fx.publish`, `settlement.close`. */
  action: text('action').notNull(),
  /** The id the action was about: a partner, a member, an FX snapshot, a settlement. */
  target: text('target').notNull(),
  requestId: text('request_id').notNull(),
  summary: text('summary').notNull(),
  createdAt: integer('created_at').notNull(),
});
