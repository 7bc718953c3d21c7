import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type * as schema from './schema/index.js';

/**
 * The database every part of Tessera talks to. On Node it is libSQL; on Workers it is D1 or
 * libSQL over HTTP. Only the API D1 and libSQL share is used (queries and `batch`), so the
 * Worker entry can hand a D1 database in under this type.
 */
export type Database = LibSQLDatabase<typeof schema>;

/** A statement that can go into `db.batch`. */
export type BatchStatement = Parameters<Database['batch']>[0][number];

/** Runs statements as one atomic batch; an empty list is a no-op. */
export async function runBatch(db: Database, statements: BatchStatement[]): Promise<void> {
  const [first, ...rest] = statements;
  if (first === undefined) return;
  await db.batch([first, ...rest]);
}
