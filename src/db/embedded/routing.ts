/**
 * Where a statement runs:
 * - `read`: on the main thread's connection (it cannot write: `query_only`). A `SELECT`, `VALUES`,
 *   `WITH` or `EXPLAIN` is tried there first; one that turns out to write is refused before it
 *   does anything and goes to the writer instead, and is remembered as a write.
 * - `grouped`: on the writer, committed together with other requests, each in its own savepoint:
 *   `INSERT`, `UPDATE`, `DELETE`, `REPLACE` (and a `WITH` that writes). In a batch, reads join
 *   the group too, so a batch of writes and reads is grouped; a batch with anything else is not.
 * - `alone`: on the writer, outside any group, in the order it came: DDL, PRAGMAs, transaction
 *   control, anything else, and reads of the writer's own state (`changes()`, `total_changes()`,
 *   `last_insert_rowid()`), which mean something only on the connection that wrote.
 */
export type StatementRoute = 'read' | 'grouped' | 'alone';

const WRITE_KEYWORDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'REPLACE']);
const READ_KEYWORDS = new Set(['SELECT', 'VALUES', 'WITH', 'EXPLAIN']);
const SCHEMA_KEYWORDS = new Set(['CREATE', 'DROP', 'ALTER']);
const CONNECTION_STATE = /\b(?:total_changes|changes|last_insert_rowid)\s*\(/i;
const LEADING = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/|\()*/;
const KEYWORD = /^[A-Za-z]+/;

/** The first keyword of a statement, upper case, after whitespace, comments and parentheses. */
export function firstKeyword(sql: string): string {
  const rest = sql.slice(LEADING.exec(sql)?.[0].length ?? 0);
  return (KEYWORD.exec(rest)?.[0] ?? '').toUpperCase();
}

interface Routing {
  route: StatementRoute;
  /** Whether it may share a group's transaction as part of a batch. */
  readonly groupable: boolean;
  /** Whether it may change the schema (run alone, it makes the prepared statements be forgotten). */
  readonly changesSchema: boolean;
}

const MEMO_CAPACITY = 5000;

/**
 * Routes statements by their text, remembering each text's route (the app sends a few hundred
 * distinct texts; the memo is cleared if it ever holds more than a few thousand).
 */
export class StatementRouter {
  readonly #memo = new Map<string, Routing>();

  /** How a statement is routed when it is sent on its own (`execute`). */
  routing(sql: string): Readonly<Routing> {
    let routing = this.#memo.get(sql);
    if (routing === undefined) {
      routing = routingOf(sql);
      if (this.#memo.size >= MEMO_CAPACITY) this.#memo.clear();
      this.#memo.set(sql, routing);
    }
    return routing;
  }

  /** A statement routed as a read that the main thread's connection refused because it writes. */
  writes(sql: string): void {
    const routing = this.#memo.get(sql) ?? routingOf(sql);
    routing.route = 'grouped';
    this.#memo.set(sql, routing);
  }
}

function routingOf(sql: string): Routing {
  const keyword = firstKeyword(sql);
  const groupable = WRITE_KEYWORDS.has(keyword) || READ_KEYWORDS.has(keyword);
  const changesSchema = SCHEMA_KEYWORDS.has(keyword);
  if (WRITE_KEYWORDS.has(keyword)) return { route: 'grouped', groupable, changesSchema };
  if (READ_KEYWORDS.has(keyword) && !CONNECTION_STATE.test(sql))
    return { route: 'read', groupable, changesSchema };
  return { route: 'alone', groupable, changesSchema };
}
