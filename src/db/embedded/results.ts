import type { ResultSet, Row, Value } from '@libsql/client';
import { type InArgs, type InStatement, type InValue, LibsqlBatchError, LibsqlError } from '@libsql/client';
import Database from 'libsql';
import type { ErrorData, RawResult, SqlArguments, SqlStatement, SqlValue } from './protocol.js';

// The embedded client answers exactly as `@libsql/client`'s local driver does (its default
// `intMode: "number"`): the same values in, the same rows and errors out.

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;

/** A statement as the client API takes it, with its arguments converted for SQLite. */
export function toSqlStatement(statement: InStatement | [string, InArgs?], args?: InArgs): SqlStatement {
  if (typeof statement === 'string') return { sql: statement, args: toSqlArguments(args ?? []) };
  if (Array.isArray(statement)) return { sql: statement[0], args: toSqlArguments(statement[1] ?? []) };
  return { sql: statement.sql, args: toSqlArguments(statement.args ?? []) };
}

function toSqlArguments(args: InArgs): SqlArguments {
  if (Array.isArray(args)) return args.map(toSqlValue);
  const named: Record<string, SqlValue> = {};
  for (const [name, value] of Object.entries(args)) {
    const first = name[0];
    named[first === '@' || first === '$' || first === ':' ? name.slice(1) : name] = toSqlValue(value);
  }
  return named;
}

function toSqlValue(value: InValue | undefined): SqlValue {
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments');
    return value;
  }
  if (typeof value === 'bigint') {
    if (value < MIN_INT64 || value > MAX_INT64)
      throw new RangeError(
        'bigint is too large to be represented as a 64-bit integer and passed as argument',
      );
    return value;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (value instanceof Date) return value.valueOf();
  if (value === undefined) throw new TypeError('undefined cannot be passed as argument to the database');
  return value;
}

/** Turns SQLite's values into the client's, in place: integers to numbers (or a RangeError), blobs to ArrayBuffers. */
function toValue(value: unknown): Value {
  if (typeof value === 'bigint') {
    if (value < MIN_SAFE || value > MAX_SAFE)
      throw new RangeError('Received integer which cannot be safely represented as a JavaScript number');
    return Number(value);
  }
  if (value instanceof Uint8Array)
    return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer;
  return value as Value;
}

const VALUES = Symbol('values');
type RowValues = { [VALUES]: Value[] };
const rowPrototypes: object[] = [];

/**
 * Rows behave like `@libsql/client`'s: `row[0]`, `row.length` and `Array.prototype` methods by
 * position (not enumerable), `row.name` by column name (enumerable, the first of equal names).
 * Positions are read through getters on a prototype shared by every row of that width, so that
 * making a row costs one property per column rather than three.
 */
function rowPrototype(width: number): object {
  let prototype = rowPrototypes[width];
  if (prototype === undefined) {
    const descriptors: PropertyDescriptorMap = {
      length: {
        get(this: RowValues) {
          return this[VALUES].length;
        },
      },
    };
    for (let index = 0; index < width; index += 1) {
      descriptors[index] = {
        get(this: RowValues) {
          return this[VALUES][index];
        },
      };
    }
    prototype = Object.create(Object.prototype, descriptors) as object;
    rowPrototypes[width] = prototype;
  }
  return prototype;
}

/**
 * The columns a row names, by position: the first of equal names, and no name that a position
 * or `length` already takes (as in `@libsql/client`).
 */
function namedColumns(columns: readonly string[]): [number, string][] {
  const named: [number, string][] = [];
  const taken = new Set<string>(['length']);
  for (const [index, column] of columns.entries()) {
    const position = /^(?:0|[1-9]\d*)$/.test(column) && Number(column) < columns.length;
    if (position || taken.has(column)) continue;
    taken.add(column);
    named.push([index, column]);
  }
  return named;
}

function toRow(cells: unknown[], named: readonly [number, string][]): Row {
  const values = cells.map(toValue);
  const row = Object.create(rowPrototype(values.length)) as Record<string, Value>;
  Object.defineProperty(row, VALUES, { value: values });
  for (const [index, column] of named) {
    const value = values[index] ?? null;
    if (column === '__proto__')
      Object.defineProperty(row, column, { value, enumerable: true, writable: true, configurable: true });
    else row[column] = value;
  }
  return row as unknown as Row;
}

class EmbeddedResultSet implements ResultSet {
  constructor(
    readonly columns: string[],
    readonly columnTypes: string[],
    readonly rows: Row[],
    readonly rowsAffected: number,
    readonly lastInsertRowid: bigint | undefined,
  ) {}

  toJSON() {
    return {
      columns: this.columns,
      columnTypes: this.columnTypes,
      rows: this.rows.map((row) => Array.prototype.map.call(row, valueToJson)),
      rowsAffected: this.rowsAffected,
      lastInsertRowid: this.lastInsertRowid === undefined ? null : `${this.lastInsertRowid}`,
    };
  }
}

function valueToJson(value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}`;
  if (value instanceof ArrayBuffer) return Buffer.from(value).toString('base64');
  return value;
}

export function toResultSet(raw: RawResult): ResultSet {
  const named = raw.rows.length === 0 ? [] : namedColumns(raw.columns);
  return new EmbeddedResultSet(
    raw.columns,
    raw.columnTypes,
    raw.rows.length === 0 ? [] : raw.rows.map((cells) => toRow(cells, named)),
    raw.rowsAffected,
    raw.lastInsertRowid,
  );
}

const SQLITE_CODES: Record<number, string> = {
  1: 'SQLITE_ERROR',
  2: 'SQLITE_INTERNAL',
  3: 'SQLITE_PERM',
  4: 'SQLITE_ABORT',
  5: 'SQLITE_BUSY',
  6: 'SQLITE_LOCKED',
  7: 'SQLITE_NOMEM',
  8: 'SQLITE_READONLY',
  9: 'SQLITE_INTERRUPT',
  10: 'SQLITE_IOERR',
  11: 'SQLITE_CORRUPT',
  12: 'SQLITE_NOTFOUND',
  13: 'SQLITE_FULL',
  14: 'SQLITE_CANTOPEN',
  15: 'SQLITE_PROTOCOL',
  16: 'SQLITE_EMPTY',
  17: 'SQLITE_SCHEMA',
  18: 'SQLITE_TOOBIG',
  19: 'SQLITE_CONSTRAINT',
  20: 'SQLITE_MISMATCH',
  21: 'SQLITE_MISUSE',
  22: 'SQLITE_NOLFS',
  23: 'SQLITE_AUTH',
  24: 'SQLITE_FORMAT',
  25: 'SQLITE_RANGE',
  26: 'SQLITE_NOTADB',
  27: 'SQLITE_NOTICE',
  28: 'SQLITE_WARNING',
};

function baseCode(rawCode: number | undefined): string {
  if (rawCode === undefined) return 'SQLITE_UNKNOWN';
  const base = rawCode & 0xff;
  return SQLITE_CODES[base] ?? `SQLITE_UNKNOWN_${base}`;
}

/**
 * The error `@libsql/client` would have thrown: a `LibsqlError` (a `LibsqlBatchError` with the
 * failing statement's index, in a batch) with SQLite's base and extended codes and libsql's
 * `SqliteError` as its cause; other errors keep their name and message.
 */
export function toError(data: ErrorData, statementIndex?: number): Error {
  if (data.kind === 'other') {
    const error = data.name === 'RangeError' ? new RangeError(data.message) : new Error(data.message);
    if (data.name !== 'RangeError') error.name = data.name;
    return error;
  }
  if (data.kind === 'libsql') {
    return statementIndex === undefined
      ? new LibsqlError(data.message, data.code)
      : new LibsqlBatchError(data.message, statementIndex, data.code);
  }
  const cause = new Database.SqliteError(data.message, data.code, data.rawCode);
  const code = baseCode(data.rawCode);
  if (statementIndex === undefined)
    return new LibsqlError(data.message, code, data.code, data.rawCode, cause);
  // `@libsql/client` wraps the statement's LibsqlError, whose message already starts with the code.
  const message = `${code}: ${data.message}`;
  return new LibsqlBatchError(message, statementIndex, code, data.code, data.rawCode, cause);
}
