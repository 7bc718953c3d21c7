import type { RawResult, SqlStatement } from './protocol.js';
import { openConnection, runStatement, StatementCache } from './statements.js';

/**
 * The main thread's connection: it only reads (`query_only`), so it never waits for a disk flush.
 * Under WAL each read sees every commit acknowledged before it started, and never blocks the
 * writer or waits for it.
 */
export class ReaderConnection {
  readonly #connection: ReturnType<typeof openConnection>;
  readonly #statements: StatementCache;

  constructor(path: string, busyTimeoutMs: number) {
    this.#connection = openConnection(path, { role: 'reader', busyTimeoutMs, synchronous: 'FULL' });
    this.#statements = new StatementCache(this.#connection);
  }

  run(statement: SqlStatement): RawResult {
    return runStatement(this.#statements, statement.sql, statement.args);
  }

  /** Reads in one snapshot; a failure names the statement that failed. */
  runAll(
    statements: readonly SqlStatement[],
  ): { ok: true; results: RawResult[] } | { ok: false; error: unknown; statementIndex: number } {
    runStatement(this.#statements, 'BEGIN DEFERRED', []);
    try {
      const results: RawResult[] = [];
      for (const [statementIndex, statement] of statements.entries()) {
        try {
          results.push(this.run(statement));
        } catch (error) {
          return { ok: false, error, statementIndex };
        }
      }
      runStatement(this.#statements, 'COMMIT', []);
      return { ok: true, results };
    } finally {
      if (this.#connection.inTransaction) runStatement(this.#statements, 'ROLLBACK', []);
    }
  }

  /** After the writer changed the schema: the column names kept with each statement may be stale. */
  forgetStatements(): void {
    this.#statements.clear();
  }

  close(): void {
    if (this.#connection.open) this.#connection.close();
  }
}
