import { fillPlaceholders, getTableColumns, is, type Query, SQL, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { BatchStatement, Database } from './database.js';

/** What a drizzle prepared query gives a batch: its SQL with its parameters, and its result mapping. */
interface PreparedStatementOf {
  getQuery(): Query;
  mapResult(result: unknown, isFromBatch?: boolean): unknown;
  run(values?: Record<string, unknown>): Promise<unknown>;
}

/**
 * A write on a hot path (earn, redeem, pool redeem), built and rendered by drizzle once per
 * database handle with `sql.placeholder` values, then bound to each write's values as a statement
 * of its batch. Building and rendering an insert with drizzle costs 35–70 µs of CPU per statement;
 * binding the values of one already rendered costs a few. The SQL is the builder's own, so the
 * statement is exactly the one drizzle would have built for the same values, guards and prices
 * in the batch included; the memo holds the rendered SQL per handle, never data.
 *
 * `db.batch` (drizzle's on libSQL, Tessera's on D1: `src/worker/d1-batch.ts`) asks each statement
 * for its prepared form, its SQL and parameters, and maps its result; a bound write answers those.
 */
export function preparedWrite<V extends Record<string, unknown>>(
  build: (db: Database) => PreparedStatementOf,
): (db: Database, values: V) => BatchStatement {
  const memo = new WeakMap<Database, PreparedStatementOf>();
  return (db, values) => {
    let prepared = memo.get(db);
    if (prepared === undefined) {
      prepared = build(db);
      memo.set(db, prepared);
    }
    // drizzle types a batch's statements as its own builders; a bound write has what a batch uses of them.
    return new BoundWrite(prepared, values) as unknown as BatchStatement;
  };
}

class BoundWrite {
  constructor(
    private readonly prepared: PreparedStatementOf,
    private readonly values: Record<string, unknown>,
  ) {}

  _prepare(): this {
    return this;
  }

  getQuery(): Query {
    const { sql, params } = this.prepared.getQuery();
    return { sql, params: fillPlaceholders(params, this.values) };
  }

  toSQL(): Query {
    return this.getQuery();
  }

  mapResult(result: unknown, isFromBatch?: boolean): unknown {
    return this.prepared.mapResult(result, isFromBatch);
  }

  /** Awaited on its own, it runs alone, as a drizzle statement does. */
  // biome-ignore lint/suspicious/noThenProperty: a statement runs when awaited, as drizzle's do.
  then<T>(onRun: (result: unknown) => T, onError?: (error: unknown) => T): Promise<T> {
    return this.prepared.run(this.values).then(onRun, onError);
  }
}

/** Values computed in the statement from placeholders (a price read inside the batch), under a name for their shape. */
export interface InsertExpressions {
  /** Names the expressions' SQL: two inserts with the same shape have the same SQL. */
  readonly shape: string;
  readonly columns: Record<string, SQL>;
  readonly values: Record<string, unknown>;
}

/**
 * An insert of one row into `table`, rendered once per database handle for each set of columns
 * given (a column left out takes its default, as with drizzle's builder) and each shape of
 * expressions. A null is part of the SQL, not a parameter, as drizzle's builder binds it.
 */
export function preparedInsert<T extends SQLiteTable>(
  table: T,
): (db: Database, row: T['$inferInsert'], expressions?: InsertExpressions) => BatchStatement {
  // A default computed in JavaScript would be computed once for every row: not for these tables.
  for (const [name, column] of Object.entries(getTableColumns(table)))
    if (column.defaultFn !== undefined || column.onUpdateFn !== undefined)
      throw new TypeError(`${name} has a default computed per row; insert it with drizzle's builder`);
  const memo = new WeakMap<Database, Map<string, PreparedStatementOf>>();
  return (db, row, expressions) => {
    const values: Record<string, unknown> = { ...expressions?.values };
    let shape = expressions?.shape ?? '';
    for (const [column, value] of Object.entries(row)) {
      if (value === undefined) continue;
      // An expression of the caller's holds its own values: built as drizzle always did.
      if (is(value, SQL)) return db.insert(table).values(row);
      shape += value === null ? `,${column}=null` : `,${column}`;
      if (value !== null) values[column] = value;
    }
    let byShape = memo.get(db);
    if (byShape === undefined) {
      byShape = new Map();
      memo.set(db, byShape);
    }
    let prepared = byShape.get(shape);
    if (prepared === undefined) {
      const placeholders: Record<string, unknown> = { ...expressions?.columns };
      for (const [column, value] of Object.entries(row)) {
        if (value === undefined) continue;
        placeholders[column] = value === null ? null : sql.placeholder(column);
      }
      prepared = db
        .insert(table)
        .values(placeholders as T['$inferInsert'])
        .prepare();
      byShape.set(shape, prepared);
    }
    return new BoundWrite(prepared, values) as unknown as BatchStatement;
  };
}
