// @ts-check
// Plain JavaScript because the writer thread loads it too, and a worker thread runs only what Node
// runs without a TypeScript loader. It is type-checked through its JSDoc (`// @ts-check`).
import Database from 'libsql';

/**
 * @typedef {import('./protocol.js').ConnectionSettings} ConnectionSettings
 * @typedef {import('./protocol.js').RawResult} RawResult
 * @typedef {import('./protocol.js').SqlArguments} SqlArguments
 * @typedef {ReturnType<typeof openConnection>} Connection
 * @typedef {ReturnType<Connection['prepare']>} Statement
 * @typedef {{ statement: Statement, reader: boolean, columns: string[], columnTypes: string[] }} CachedStatement
 */

/** How many statements each connection keeps prepared; the app uses a few hundred distinct ones. */
const STATEMENT_CACHE_CAPACITY = 1000;

/**
 * Opens one connection to a database file with the settings every connection of Tessera uses.
 * `journal_mode` is set by the writer only: it is a property of the file, not of the connection.
 *
 * @param {string} path
 * @param {ConnectionSettings} settings
 */
export function openConnection(path, settings) {
  const connection = new Database(path, { timeout: settings.busyTimeoutMs });
  connection.exec(`PRAGMA busy_timeout = ${settings.busyTimeoutMs}`);
  if (settings.role === 'writer') {
    connection.exec('PRAGMA journal_mode = WAL');
    connection.exec(`PRAGMA synchronous = ${settings.synchronous}`);
  } else {
    // Belt and braces: the main thread never writes, so it never waits for a disk flush.
    connection.exec('PRAGMA query_only = ON');
  }
  connection.exec('PRAGMA foreign_keys = ON');
  return connection;
}

/**
 * Prepared statements of one connection, keyed by their SQL text, least recently used evicted
 * first. Preparing a statement costs more than running it (an insert into `transfers` compiles its
 * triggers each time), and reading its column names costs about as much as a primary-key lookup.
 */
export class StatementCache {
  /** @type {Map<string, CachedStatement>} */
  #statements = new Map();
  #connection;

  /** @param {Connection} connection */
  constructor(connection) {
    this.#connection = connection;
  }

  /** @param {string} sql */
  get(sql) {
    const cached = this.#statements.get(sql);
    if (cached !== undefined) {
      this.#statements.delete(sql);
      this.#statements.set(sql, cached);
      return cached;
    }
    const prepared = this.#prepare(sql);
    this.#statements.set(sql, prepared);
    if (this.#statements.size > STATEMENT_CACHE_CAPACITY) {
      const oldest = this.#statements.keys().next();
      if (oldest.done !== true) this.#statements.delete(oldest.value);
    }
    return prepared;
  }

  /**
   * Forgets every statement, after the schema changed: SQLite prepares a statement again by itself
   * when the schema changes under it, but the column names kept here would be stale.
   */
  clear() {
    this.#statements.clear();
  }

  /**
   * A statement whose rows came back wider or narrower than its column names (the schema changed
   * under it, e.g. `SELECT *` after `ALTER TABLE … ADD COLUMN`): prepared again for its names.
   *
   * @param {string} sql
   */
  refresh(sql) {
    const prepared = this.#prepare(sql);
    this.#statements.set(sql, prepared);
    return prepared;
  }

  /**
   * @param {string} sql
   * @returns {CachedStatement}
   */
  #prepare(sql) {
    const statement = this.#connection.prepare(sql);
    statement.safeIntegers(true);
    // `raw` throws for a statement that returns no rows, so the reader flag is read first.
    const reader = statement.reader;
    if (!reader) return { statement, reader, columns: [], columnTypes: [] };
    statement.raw(true);
    const columns = statement.columns();
    return {
      statement,
      reader,
      columns: columns.map((column) => column.name),
      columnTypes: columns.map((column) => column.type ?? ''),
    };
  }
}

/**
 * Runs one statement on its cached prepared form and returns what SQLite gave, untranslated:
 * integers as bigint, blobs as Buffer. As with `@libsql/client`, a statement that returns rows
 * reports 0 rows affected and no rowid.
 *
 * @param {StatementCache} cache
 * @param {string} sql
 * @param {SqlArguments} args
 * @returns {RawResult}
 */
export function runStatement(cache, sql, args) {
  const cached = cache.get(sql);
  if (!cached.reader) {
    const info = cached.statement.run(args);
    return {
      columns: [],
      columnTypes: [],
      rows: [],
      rowsAffected: info.changes,
      lastInsertRowid: BigInt(info.lastInsertRowid),
    };
  }
  const rows = /** @type {unknown[][]} */ (cached.statement.all(args));
  const [first] = rows;
  const current = first === undefined || first.length === cached.columns.length ? cached : cache.refresh(sql);
  return {
    columns: current.columns,
    columnTypes: current.columnTypes,
    rows,
    rowsAffected: 0,
    lastInsertRowid: undefined,
  };
}

/**
 * An error as plain data, to cross from the writer thread: SQLite's own error keeps its code
 * (`SQLITE_CONSTRAINT_CHECK`) and numeric code, anything else its name and message.
 *
 * @param {unknown} error
 * @returns {import('./protocol.js').ErrorData}
 */
export function errorData(error) {
  if (error instanceof Database.SqliteError) {
    const { message, code, rawCode } = /** @type {{ message: string, code: string, rawCode?: number }} */ (
      /** @type {unknown} */ (error)
    );
    return { kind: 'sqlite', message, code, rawCode };
  }
  if (error instanceof Error) return { kind: 'other', name: error.name, message: error.message };
  return { kind: 'other', name: 'Error', message: String(error) };
}
