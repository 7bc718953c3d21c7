import { desc, lt, sql } from 'drizzle-orm';
import type { BatchStatement, Database } from './database.js';
import { auditLog } from './schema/index.js';

export type AuditRow = typeof auditLog.$inferSelect;

/** The audit row of an action, to go into the action's own batch. */
export function auditStatement(db: Database, row: AuditRow): BatchStatement {
  return db.insert(auditLog).values(row);
}

/**
 * The audit row of an action that may change nothing (an UPDATE whose row is gone): written only
 * when the statement just before it in the batch changed a row, so the log never claims an action
 * that did not happen.
 */
export function auditIfChangedStatement(db: Database, row: AuditRow): BatchStatement {
  return db.run(sql`INSERT INTO audit_log (id, actor, action, target, request_id, summary, created_at)
    SELECT ${row.id}, ${row.actor}, ${row.action}, ${row.target}, ${row.requestId}, ${row.summary}, ${row.createdAt} WHERE changes() > 0`);
}

/** Newest first, keyset-paginated by id (ids sort by creation time). */
export async function listAuditLog(db: Database, limit: number, beforeId?: string): Promise<AuditRow[]> {
  return db
    .select()
    .from(auditLog)
    .where(beforeId === undefined ? undefined : lt(auditLog.id, beforeId))
    .orderBy(desc(auditLog.id))
    .limit(limit);
}

/**
 * How a domain write that an operator triggers takes its audit row into its own batch: called
 * with what the write was about once that is known (and, where the write decides it, the name of
 * the action), it returns the statements to add.
 */
export type AuditHook = (
  target: string,
  details: Readonly<Record<string, unknown>>,
  action?: string,
) => BatchStatement[];
export const noAudit: AuditHook = () => [];
