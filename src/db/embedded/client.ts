import {
  type Client,
  type InArgs,
  type InStatement,
  LibsqlError,
  type Replicated,
  type ResultSet,
  type Transaction,
  type TransactionMode,
} from '@libsql/client';
import { ReaderConnection } from './reader.js';
import { toError, toResultSet, toSqlStatement } from './results.js';
import { StatementRouter } from './routing.js';
import { errorData } from './statements.js';
import { WriterThread, type WriterWork } from './writer.js';

export interface EmbeddedDatabaseOptions {
  /** The database file. */
  readonly path: string;
  readonly synchronous: 'FULL' | 'NORMAL';
  readonly busyTimeoutMs: number;
  /** The writer thread's script, when this module is bundled away from it (by default, beside it). */
  readonly writerThreadScript?: string | URL;
}

/**
 * Opens an embedded database file: a writer thread that owns the connection that writes (group
 * commit, one disk flush per group), and a read-only connection on the calling thread.
 */
export async function openEmbeddedClient(options: EmbeddedDatabaseOptions): Promise<EmbeddedClient> {
  const writer = await WriterThread.start(
    options.writerThreadScript ?? new URL('./writer-thread.js', import.meta.url),
    options.path,
    { role: 'writer', busyTimeoutMs: options.busyTimeoutMs, synchronous: options.synchronous },
  );
  try {
    // Opened after the writer, which creates the file and puts it in WAL mode.
    return new EmbeddedClient(new ReaderConnection(options.path, options.busyTimeoutMs), writer);
  } catch (error) {
    await writer.close();
    throw toError(errorData(error));
  }
}

const BEGIN: Record<TransactionMode, string> = {
  write: 'BEGIN IMMEDIATE',
  read: 'BEGIN TRANSACTION READONLY',
  deferred: 'BEGIN DEFERRED',
};

function beginStatement(mode: TransactionMode): string {
  const begin = BEGIN[mode];
  if (begin === undefined)
    throw new RangeError('Unknown transaction mode, supported values are "write", "read" and "deferred"');
  return begin;
}

const isWriteRefusal = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'SQLITE_READONLY';

/**
 * `@libsql/client`'s `Client` for a local file, as drizzle's libsql driver uses it: reads run on
 * the calling thread, every statement that writes runs on the writer thread, and a batch resolves
 * once its commit is durable. Results and errors are those of `@libsql/client`'s local driver, so
 * nothing above the driver can tell the difference.
 */
export class EmbeddedClient implements Client {
  closed = false;
  readonly protocol = 'file';
  readonly #router = new StatementRouter();
  readonly #transactions = new Set<EmbeddedTransaction>();
  #shutdown: Promise<void> | undefined;

  constructor(
    private readonly reader: ReaderConnection,
    private readonly writer: WriterThread,
  ) {}

  async execute(statementOrSql: InStatement, args?: InArgs): Promise<ResultSet> {
    this.#checkOpen();
    const statement = toSqlStatement(statementOrSql, args);
    const { route, changesSchema } = this.#router.routing(statement.sql);
    if (route === 'read') {
      try {
        return toResultSet(this.reader.run(statement));
      } catch (error) {
        if (!isWriteRefusal(error)) throw toError(errorData(error));
        this.#router.writes(statement.sql);
      }
    }
    const grouped = this.#router.routing(statement.sql).route === 'grouped';
    const [result] = await this.#write({ kind: 'execute', statement, grouped, changesSchema });
    if (result === undefined) throw new LibsqlError('The writer returned no result', 'UNKNOWN');
    return toResultSet(result);
  }

  async batch(
    statements: Array<InStatement | [string, InArgs?]>,
    mode: TransactionMode = 'deferred',
  ): Promise<ResultSet[]> {
    this.#checkOpen();
    const begin = beginStatement(mode);
    const converted = statements.map((statement) => toSqlStatement(statement));
    if (converted.length === 0) return [];
    const routings = converted.map((statement) => this.#router.routing(statement.sql));
    if (mode !== 'write' && routings.every((routing) => routing.route === 'read')) {
      const outcome = this.reader.runAll(converted);
      if (outcome.ok) return outcome.results.map(toResultSet);
      const failed = converted[outcome.statementIndex];
      if (!isWriteRefusal(outcome.error) || failed === undefined)
        throw toError(errorData(outcome.error), outcome.statementIndex);
      this.#router.writes(failed.sql);
    }
    const results = await this.#write({
      kind: 'batch',
      statements: converted,
      grouped: mode !== 'read' && routings.every((routing) => routing.groupable),
      changesSchema: routings.some((routing) => routing.changesSchema),
      begin,
    });
    return results.map(toResultSet);
  }

  async migrate(statements: InStatement[]): Promise<ResultSet[]> {
    this.#checkOpen();
    const converted = statements.map((statement) => toSqlStatement(statement));
    return (await this.#write({ kind: 'migrate', statements: converted })).map(toResultSet);
  }

  async transaction(mode: TransactionMode = 'write'): Promise<Transaction> {
    this.#checkOpen();
    const begin = beginStatement(mode);
    const transaction = new EmbeddedTransaction(this.writer, (ended) => this.#transactions.delete(ended));
    await transaction.begin(begin);
    this.#transactions.add(transaction);
    return transaction;
  }

  async executeMultiple(sql: string): Promise<void> {
    this.#checkOpen();
    await this.#write({ kind: 'executeMultiple', sql });
  }

  /** How many group commits the writer made so far, and how many requests they committed. */
  get groupCommits(): { readonly commits: number; readonly requests: number } {
    return this.writer.groupCommits;
  }

  /** A local file has no remote primary to sync with. */
  async sync(): Promise<Replicated> {
    return undefined;
  }

  reconnect(): void {
    throw new LibsqlError('The embedded client does not reconnect: open a new one', 'NOT_SUPPORTED');
  }

  /** Closes the reading connection now and the writer once it has finished what it was sent. */
  close(): void {
    void this.shutdown();
  }

  /** Like `close`, and resolves once the writer thread has closed its connection and stopped. */
  shutdown(): Promise<void> {
    if (this.#shutdown === undefined) {
      this.closed = true;
      this.reader.close();
      const open = [...this.#transactions];
      this.#shutdown = Promise.all(open.map((transaction) => transaction.rollback())).then(() =>
        this.writer.close(),
      );
    }
    return this.#shutdown;
  }

  async #write(work: WriterWork) {
    const results = await this.writer.request(work);
    if (!('changesSchema' in work) || work.changesSchema) this.reader.forgetStatements();
    return results;
  }

  #checkOpen(): void {
    if (this.closed) throw new LibsqlError('The client is closed', 'CLIENT_CLOSED');
  }
}

/**
 * An interactive transaction on the writer's connection. It holds the writer until it commits or
 * rolls back, as a transaction holds `@libsql/client`'s single local connection; Tessera itself
 * writes only in batches (D1 has no interactive transactions).
 */
class EmbeddedTransaction implements Transaction {
  #id = 0;
  #closed = false;

  constructor(
    private readonly writer: WriterThread,
    private readonly forget: (transaction: EmbeddedTransaction) => void,
  ) {}

  get closed(): boolean {
    return this.#closed;
  }

  async begin(begin: string): Promise<void> {
    this.#id = await this.writer.beginTransaction(begin);
  }

  async execute(statement: InStatement): Promise<ResultSet> {
    const [result] = await this.#send({
      kind: 'transactionExecute',
      transaction: this.#id,
      statement: toSqlStatement(statement),
    });
    if (result === undefined) throw new LibsqlError('The writer returned no result', 'UNKNOWN');
    return toResultSet(result);
  }

  async batch(statements: InStatement[]): Promise<ResultSet[]> {
    const converted = statements.map((statement) => toSqlStatement(statement));
    return (await this.#send({ kind: 'transactionBatch', transaction: this.#id, statements: converted })).map(
      toResultSet,
    );
  }

  async executeMultiple(sql: string): Promise<void> {
    await this.#send({ kind: 'transactionExecuteMultiple', transaction: this.#id, sql });
  }

  async commit(): Promise<void> {
    await this.#end(true);
  }

  async rollback(): Promise<void> {
    await this.#end(false);
  }

  close(): void {
    void this.#end(false).catch(() => {});
  }

  async #end(commit: boolean): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.forget(this);
    await this.writer.request({ kind: 'transactionEnd', transaction: this.#id, commit });
  }

  async #send(work: WriterWork) {
    if (this.#closed) throw new LibsqlError('The transaction is closed', 'TRANSACTION_CLOSED');
    try {
      return await this.writer.request(work);
    } catch (error) {
      if (error instanceof LibsqlError && error.code === 'TRANSACTION_CLOSED') {
        this.#closed = true;
        this.forget(this);
      }
      throw error;
    }
  }
}
