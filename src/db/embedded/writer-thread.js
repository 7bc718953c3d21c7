// @ts-check
// The writer thread: it owns the one connection of this process that writes, so that the disk
// flush of a commit (and a WAL checkpoint) never stops the event loop that serves requests.
// Plain JavaScript, like `statements.js`: a worker thread runs only what Node runs unaided.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { commitGroup, runStatements, transactionClosed } from './group-commit.js';
import { errorData, openConnection, runStatement, StatementCache } from './statements.js';

/**
 * @typedef {import('./protocol.js').WriterRequest} WriterRequest
 * @typedef {import('./protocol.js').WriterReply} WriterReply
 * @typedef {import('./protocol.js').SqlStatement} SqlStatement
 * @typedef {import('./group-commit.js').GroupableRequest} GroupableRequest
 */

/**
 * The most batches one group commits. Under load a group holds what arrived during the previous
 * commit; the bound keeps one group's write lock, and the wait of its first request, short.
 */
const MAX_GROUP_SIZE = 64;

if (parentPort === null) throw new Error('writer-thread.js runs as a worker thread');
const port = parentPort;
const { path, settings } = /** @type {import('./protocol.js').WriterData} */ (workerData);

/** @type {ReturnType<typeof openConnection>} */
let connection;
try {
  connection = openConnection(path, settings);
} catch (error) {
  port.postMessage({ opened: false, error: errorData(error) });
  process.exit(1);
}
const cache = new StatementCache(connection);
/** @param {string} sql */
const run = (sql) => runStatement(cache, sql, []);

/** @type {WriterRequest[]} */
const queue = [];
/** The id of the interactive transaction that holds the connection, if one does. */
let transaction = /** @type {number | null} */ (null);
let drainScheduled = false;
/** Group commits so far; each reply of a group names its commit, so that grouping can be observed. */
let groupCommits = 0;

port.on('message', (/** @type {WriterRequest} */ request) => {
  queue.push(request);
  if (drainScheduled) return;
  drainScheduled = true;
  setImmediate(drain);
});
port.postMessage({ opened: true });

/**
 * Works through the queue. Whatever arrived while a group was committing is taken into the next
 * group, so under load one commit (and one disk flush) serves every request that waited for it.
 */
function drain() {
  drainScheduled = false;
  for (;;) {
    for (let received = receiveMessageOnPort(port); received !== undefined; ) {
      queue.push(received.message);
      received = receiveMessageOnPort(port);
    }
    const replies = next();
    if (replies === undefined) return;
    port.postMessage(replies);
    if (!connection.open) {
      // Closed on request: the reply is sent, and with the port closed the thread ends.
      port.close();
      return;
    }
  }
}

/** @returns {WriterReply[] | undefined} */
function next() {
  if (transaction !== null) {
    const index = queue.findIndex(
      (request) => 'transaction' in request && request.transaction === transaction,
    );
    if (index === -1) return undefined;
    const [request] = queue.splice(index, 1);
    return request === undefined ? undefined : [inTransaction(request)];
  }
  const head = queue[0];
  if (head === undefined) return undefined;
  if (isGrouped(head)) {
    let end = 1;
    while (end < queue.length && end < MAX_GROUP_SIZE && isGrouped(queue[end])) end += 1;
    const group = /** @type {GroupableRequest[]} */ (queue.splice(0, end));
    const { replies, committed, unanswered } = commitGroup(connection, cache, group, groupCommits + 1);
    if (committed) groupCommits += 1;
    // Undone by a failure that ended the whole transaction: they go first into the next group.
    queue.unshift(...unanswered);
    return replies;
  }
  queue.shift();
  return [alone(head)];
}

/**
 * @param {WriterRequest | undefined} request
 * @returns {request is GroupableRequest}
 */
function isGrouped(request) {
  return request !== undefined && (request.kind === 'batch' || request.kind === 'execute') && request.grouped;
}

/**
 * A request that does not join a group: a statement outside any transaction (DDL, a PRAGMA, a
 * read of this connection's own state), a batch that holds such statements, migrations, a script,
 * the start of an interactive transaction, or the end.
 *
 * @param {WriterRequest} request
 * @returns {WriterReply}
 */
function alone(request) {
  const { id } = request;
  try {
    switch (request.kind) {
      case 'execute': {
        const result = runStatement(cache, request.statement.sql, request.statement.args);
        if (request.changesSchema) cache.clear();
        return { id, ok: true, results: [result] };
      }
      case 'batch':
        return transactionOf(id, request.begin, request.statements, request.changesSchema);
      case 'migrate':
        run('PRAGMA foreign_keys = OFF');
        try {
          return transactionOf(id, 'BEGIN DEFERRED', request.statements, true);
        } finally {
          run('PRAGMA foreign_keys = ON');
        }
      case 'executeMultiple':
        try {
          connection.exec(request.sql);
        } finally {
          // A script that leaves a transaction open must not hold the writer.
          if (connection.inTransaction) run('ROLLBACK');
          cache.clear();
        }
        return { id, ok: true, results: [] };
      case 'begin':
        run(request.begin);
        transaction = id;
        return { id, ok: true, results: [] };
      case 'close':
        connection.close();
        return { id, ok: true, results: [] };
      default:
        return { id, ok: false, error: transactionClosed('The transaction is closed') };
    }
  } catch (error) {
    return { id, ok: false, error: errorData(error) };
  }
}

/**
 * A batch in a transaction of its own, as `@libsql/client` runs one: all of it or none of it.
 *
 * @param {number} id
 * @param {string} begin
 * @param {SqlStatement[]} statements
 * @param {boolean} changesSchema
 * @returns {WriterReply}
 */
function transactionOf(id, begin, statements, changesSchema) {
  run(begin);
  try {
    const outcome = runStatements(connection, cache, statements);
    if (!outcome.ok) return { id, ok: false, ...outcome.failure };
    run('COMMIT');
    return { id, ok: true, results: outcome.results };
  } finally {
    if (connection.inTransaction) run('ROLLBACK');
    if (changesSchema) cache.clear();
  }
}

/**
 * A step of the interactive transaction that holds the connection; nothing else runs until it
 * commits or rolls back.
 *
 * @param {WriterRequest} request
 * @returns {WriterReply}
 */
function inTransaction(request) {
  const { id } = request;
  if (request.kind !== 'transactionEnd' && !connection.inTransaction) {
    // A failed statement rolled the transaction back: it is over.
    transaction = null;
    return { id, ok: false, error: transactionClosed('The transaction is closed') };
  }
  try {
    switch (request.kind) {
      case 'transactionExecute':
        return {
          id,
          ok: true,
          results: [runStatement(cache, request.statement.sql, request.statement.args)],
        };
      case 'transactionBatch': {
        const outcome = runStatements(connection, cache, request.statements);
        return outcome.ok
          ? { id, ok: true, results: outcome.results }
          : { id, ok: false, ...outcome.failure };
      }
      case 'transactionExecuteMultiple':
        connection.exec(request.sql);
        cache.clear();
        return { id, ok: true, results: [] };
      case 'transactionEnd':
        transaction = null;
        if (connection.inTransaction) run(request.commit ? 'COMMIT' : 'ROLLBACK');
        return { id, ok: true, results: [] };
      default:
        return alone(request);
    }
  } catch (error) {
    if (request.kind === 'transactionEnd' && connection.inTransaction) run('ROLLBACK');
    return { id, ok: false, error: errorData(error) };
  }
}
