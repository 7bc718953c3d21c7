import type { Database } from './database.js';

/**
 * A query on a hot path (authentication, earn, redeem, balance), built once per database handle
 * instead of on every call: on an embedded database, building a query with drizzle costs more
 * than running it. Values are bound with `sql.placeholder(name)` when the query runs. The memo
 * is keyed by the handle, so each app, test and Worker isolate has its own and it goes with the
 * handle; it holds the built SQL, never data.
 */
export function preparedQuery<T>(build: (db: Database) => T): (db: Database) => T {
  const memo = new WeakMap<Database, T>();
  return (db) => {
    let query = memo.get(db);
    if (query === undefined) {
      query = build(db);
      memo.set(db, query);
    }
    return query;
  };
}
