// @ts-check
// Group commit, run by the writer thread (plain JavaScript, like `statements.js`).
import { errorData, runStatement } from './statements.js';

/**
 * @typedef {import('./protocol.js').WriterRequest} WriterRequest
 * @typedef {import('./protocol.js').WriterReply} WriterReply
 * @typedef {import('./protocol.js').RawResult} RawResult
 * @typedef {import('./protocol.js').SqlStatement} SqlStatement
 * @typedef {import('./protocol.js').ErrorData} ErrorData
 * @typedef {import('./statements.js').Connection} Connection
 * @typedef {import('./statements.js').StatementCache} StatementCache
 * @typedef {Extract<WriterRequest, { grouped: boolean }>} GroupableRequest
 */

const SAVEPOINT = 'tessera_batch';

/** @param {GroupableRequest} request */
const statementsOf = (request) => (request.kind === 'batch' ? request.statements : [request.statement]);

/**
 * One transaction for many requests: `BEGIN IMMEDIATE`, then each request inside its own
 * savepoint, then one `COMMIT`. A request whose statement fails (a CHECK, a guard's trigger) is
 * rolled back to its savepoint alone and answered with its error, exactly as its own transaction
 * would have been; the others commit. The replies are returned after the commit: none may be sent
 * before it is durable.
 *
 * A failure that ends the whole transaction (an I/O error, a `RAISE(ROLLBACK)`) is answered; the
 * requests applied before it are undone and returned `unanswered`, with those not run yet, for
 * the next group.
 *
 * @param {Connection} connection
 * @param {StatementCache} cache
 * @param {GroupableRequest[]} group
 * @param {number} commit the number this commit will have, named in each reply it commits
 * @returns {{ replies: WriterReply[], committed: boolean, unanswered: GroupableRequest[] }}
 */
export function commitGroup(connection, cache, group, commit) {
  /** @param {string} sql */
  const run = (sql) => runStatement(cache, sql, []);
  try {
    run('BEGIN IMMEDIATE');
  } catch (error) {
    const failure = errorData(error);
    const replies = group.map(({ id }) => ({ id, ok: /** @type {const} */ (false), error: failure }));
    return { replies, committed: false, unanswered: [] };
  }
  /** @type {WriterReply[]} */
  const refused = [];
  /** @type {{ id: number, results: RawResult[] }[]} */
  const applied = [];
  try {
    for (const [position, request] of group.entries()) {
      run(`SAVEPOINT ${SAVEPOINT}`);
      const outcome = runStatements(connection, cache, statementsOf(request));
      if (outcome.ok) {
        run(`RELEASE ${SAVEPOINT}`);
        applied.push({ id: request.id, results: outcome.results });
        continue;
      }
      // A statement sent on its own fails as itself, a batch's names the statement that failed.
      const { error, statementIndex } = outcome.failure;
      const { id } = request;
      refused.push(
        request.kind === 'batch'
          ? { id, ok: /** @type {const} */ (false), error, statementIndex }
          : { id, ok: /** @type {const} */ (false), error },
      );
      if (connection.inTransaction) {
        run(`ROLLBACK TO ${SAVEPOINT}`);
        run(`RELEASE ${SAVEPOINT}`);
        continue;
      }
      const undone = new Set(applied.map((done) => done.id));
      const unanswered = group.filter((other, index) => undone.has(other.id) || index > position);
      return { replies: refused, committed: false, unanswered };
    }
    run('COMMIT');
  } catch (error) {
    // Nothing of the group is committed: every request not refused on its own gets the error.
    if (connection.inTransaction) run('ROLLBACK');
    const failure = errorData(error);
    const answered = new Set(refused.map((reply) => reply.id));
    const failed = group
      .filter((request) => !answered.has(request.id))
      .map(({ id }) => ({ id, ok: /** @type {const} */ (false), error: failure }));
    return { replies: [...refused, ...failed], committed: false, unanswered: [] };
  }
  const committed = applied.map(({ id, results }) => ({
    id,
    ok: /** @type {const} */ (true),
    results,
    commit,
  }));
  return { replies: [...refused, ...committed], committed: true, unanswered: [] };
}

/**
 * Runs statements inside the open transaction, stopping at the first that fails.
 *
 * @param {Connection} connection
 * @param {StatementCache} cache
 * @param {SqlStatement[]} statements
 * @returns {{ ok: true, results: RawResult[] } | { ok: false, failure: { error: ErrorData, statementIndex: number } }}
 */
export function runStatements(connection, cache, statements) {
  /** @type {RawResult[]} */
  const results = [];
  for (const [statementIndex, statement] of statements.entries()) {
    if (!connection.inTransaction) {
      const error = transactionClosed('The transaction has been rolled back');
      return { ok: false, failure: { error, statementIndex } };
    }
    try {
      results.push(runStatement(cache, statement.sql, statement.args));
    } catch (error) {
      return { ok: false, failure: { error: errorData(error), statementIndex } };
    }
  }
  return { ok: true, results };
}

/**
 * @param {string} message
 * @returns {ErrorData}
 */
export function transactionClosed(message) {
  return { kind: 'libsql', message, code: 'TRANSACTION_CLOSED' };
}
