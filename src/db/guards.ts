import { sql } from 'drizzle-orm';
import type { BatchStatement, Database } from './database.js';

/**
 * Aborts the batch when the statement just before it changed no row: the row was not in the
 * state the write was planned on (a hold already captured, a refund already counted). The
 * `write_conflicts_abort` trigger raises, the batch rolls back, and the write is planned again.
 */
export function requireChangedRow(db: Database, reason: string): BatchStatement {
  return db.run(sql`INSERT INTO write_conflicts (reason) SELECT ${reason} WHERE changes() = 0`);
}
