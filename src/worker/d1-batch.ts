import type { D1Database } from './types.js';

/** What drizzle's own D1 batch uses of each query: its prepared form, SQL and parameters, and result mapping. */
interface BatchQuery {
  _prepare(): {
    getQuery(): { sql: string; params: unknown[] };
    mapResult(result: unknown, isFromBatch?: boolean): unknown;
  };
}

/**
 * Replaces the `batch` of a drizzle D1 database. drizzle-orm 0.45 binds a query's parameters
 * through the D1 statement held by its prepared query, which a raw `db.run(sql`…`)` does not
 * have (drizzle-orm#2277), so every batch holding a parameterised guard (`requireChangedRow`,
 * the pool guards) failed on D1 with "Cannot read properties of undefined (reading 'bind')".
 * This batch prepares every statement from its SQL text, as drizzle already does for statements
 * without parameters, and maps the results exactly as drizzle does. One D1 batch, one transaction.
 */
export function withRawStatementBatches<T extends object>(db: T, d1: D1Database): T {
  const batch = async (queries: readonly BatchQuery[]): Promise<unknown[]> => {
    const prepared = queries.map((query) => query._prepare());
    const statements = prepared.map((query) => {
      const { sql, params } = query.getQuery();
      return d1.prepare(sql).bind(...params);
    });
    const results = await d1.batch(statements);
    return prepared.map((query, index) => query.mapResult(results[index], true));
  };
  return Object.assign(db, { batch });
}
