/**
 * What the main thread and the writer thread send each other. Everything here crosses a
 * `postMessage`, so it is plain data: no classes, no functions.
 */

export interface ConnectionSettings {
  readonly role: 'reader' | 'writer';
  readonly busyTimeoutMs: number;
  readonly synchronous: 'FULL' | 'NORMAL';
}

/** What the writer thread is started with. */
export interface WriterData {
  readonly path: string;
  readonly settings: ConnectionSettings;
}

/** A value as SQLite takes it: booleans, dates and ArrayBuffers are converted before they are sent. */
export type SqlValue = null | string | number | bigint | Uint8Array;
export type SqlArguments = SqlValue[] | Record<string, SqlValue>;

export interface SqlStatement {
  readonly sql: string;
  readonly args: SqlArguments;
}

/** A statement's result as SQLite returns it: integers as bigint, blobs as bytes. */
export interface RawResult {
  readonly columns: string[];
  readonly columnTypes: string[];
  readonly rows: unknown[][];
  readonly rowsAffected: number;
  readonly lastInsertRowid: bigint | undefined;
}

export type ErrorData =
  | { readonly kind: 'sqlite'; readonly message: string; readonly code: string; readonly rawCode?: number }
  | { readonly kind: 'libsql'; readonly message: string; readonly code: string }
  | { readonly kind: 'other'; readonly name: string; readonly message: string };

interface Request<Kind extends string> {
  readonly id: number;
  readonly kind: Kind;
}

/**
 * Work for the writer. `grouped` requests (batches and single statements of INSERT, UPDATE,
 * DELETE, REPLACE, WITH, SELECT only) are committed together with whatever else is queued; the
 * rest run alone, in the order they came. `changesSchema` makes the writer forget its prepared
 * statements afterwards.
 */
export type WriterRequest =
  | (Request<'execute'> & {
      readonly statement: SqlStatement;
      readonly grouped: boolean;
      readonly changesSchema: boolean;
    })
  | (Request<'batch'> & {
      readonly statements: SqlStatement[];
      readonly grouped: boolean;
      readonly changesSchema: boolean;
      /** How an ungrouped batch begins (`BEGIN DEFERRED`, `BEGIN IMMEDIATE`…); a group always begins IMMEDIATE. */
      readonly begin: string;
    })
  | (Request<'migrate'> & { readonly statements: SqlStatement[] })
  | (Request<'executeMultiple'> & { readonly sql: string })
  | (Request<'begin'> & { readonly begin: string })
  | (Request<'transactionExecute'> & { readonly transaction: number; readonly statement: SqlStatement })
  | (Request<'transactionBatch'> & { readonly transaction: number; readonly statements: SqlStatement[] })
  | (Request<'transactionExecuteMultiple'> & { readonly transaction: number; readonly sql: string })
  | (Request<'transactionEnd'> & { readonly transaction: number; readonly commit: boolean })
  | Request<'close'>;

/**
 * The writer's answer to one request. The writer posts its answers as an array: one message for
 * a whole group, after its commit.
 */
export type WriterReply =
  | {
      readonly id: number;
      readonly ok: true;
      readonly results: RawResult[];
      /** For a request committed by a group: the number of that group's commit (1, 2, …). */
      readonly commit?: number;
    }
  | { readonly id: number; readonly ok: false; readonly error: ErrorData; readonly statementIndex?: number };

/** The writer thread's first message: its connection is open, or why it could not be opened. */
export type WriterOpened = { readonly opened: true } | { readonly opened: false; readonly error: ErrorData };
