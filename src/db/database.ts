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

/**
 * True when a write failed because a constraint or a guard refused it (the batch was rolled
 * back), as opposed to an infrastructure failure. libSQL reports the SQLite code; D1 only text.
 */
export function isConstraintFailure(error: unknown): boolean {
  if (error instanceof WriteConflict) return true;
  for (
    let current: unknown = error;
    current !== undefined && current !== null;
    current = (current as { cause?: unknown }).cause
  ) {
    if (typeof current !== 'object') break;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) return true;
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string' && /SQLITE_CONSTRAINT|constraint failed|write conflict/i.test(message))
      return true;
  }
  return false;
}

/**
 * Thrown while planning when two reads disagree because a write committed between them; like a
 * guard that fails in the batch, it makes the write be planned again from fresh reads.
 */
export class WriteConflict extends Error {
  constructor(detail: string) {
    super(`write conflict: ${detail}`);
    this.name = 'WriteConflict';
  }
}
