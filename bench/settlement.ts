import { request as httpRequest } from 'node:http';
import type { Client } from '@libsql/client';
import type { Config } from '../src/config.js';
import { isDomainError } from '../src/domain/errors.js';
import { buildNodeDependencies } from '../src/node-dependencies.js';
import { closePeriod } from '../src/settlement/close.js';
import { round } from './load.js';

export interface CloseFigures {
  readonly transfersInPeriod: number;
  readonly closeMs: number;
  /** How the close ran: the operator route over HTTP, or `closePeriod` in-process while the route has not landed. */
  readonly method: 'http' | 'in-process';
  /** Seconds to generate the period's transfers by direct SQL (not part of the close). */
  readonly generationSeconds: number;
}

/**
 * The transfers were written by another connection, so the server's page cache no longer holds
 * the running totals it would hold had it written them itself. One read of the same totals
 * (`GET /v1/network/summary`) puts that back before the close is timed; a 404 (no such route yet)
 * is ignored.
 */
export async function warmRunningTotals(url: string, operatorToken: string): Promise<void> {
  await requestOnNewConnection('GET', `${url}/v1/network/summary`, operatorToken);
}

const PAIRS_PER_STATEMENT = 50_000;
const DAY_MS = 86_400_000;

/**
 * Fills the ledger fast for settlement: pairs of an earn (issuance -> wallet, with its lot) and a
 * redemption of part of it at another partner (wallet -> redemption, with its lot draw), inserted
 * with `INSERT … SELECT` over a counter. Every row goes through the same triggers as the app's
 * writes (balances, settlement totals, provenance flows) and carries the unit price the app would
 * record (the issuer's issue price, the redeeming partner's redeem rate); no transaction rows are
 * written, as a close reads only the totals.
 */
export class LedgerFiller {
  #next = 0;
  #prepared = false;
  constructor(
    private readonly client: Client,
    private readonly tag: string,
  ) {}

  /** Adds `transfers` transfers (rounded up to pairs); returns the seconds it took. */
  async addTransfers(transfers: number): Promise<number> {
    await this.prepare();
    const startedAt = performance.now();
    const end = this.#next + Math.ceil(transfers / 2);
    const nowMs = Date.now();
    while (this.#next < end) {
      const from = this.#next;
      const to = Math.min(end, from + PAIRS_PER_STATEMENT);
      const counter = `WITH RECURSIVE n(k) AS (SELECT ${from} UNION ALL SELECT k + 1 FROM n WHERE k + 1 < ${to})`;
      const members = 'JOIN bench_members m ON m.i = n.k % (SELECT COUNT(*) FROM bench_members)';
      const issuer = 'JOIN bench_partners p ON p.i = n.k % (SELECT COUNT(*) FROM bench_partners)';
      const redeemer = 'JOIN bench_partners q ON q.i = (n.k * 7 + 3) % (SELECT COUNT(*) FROM bench_partners)';
      const tag = this.tag;
      await this.client.batch(
        [
          `${counter} INSERT INTO transfers (id, transaction_id, kind, debit_account_id, credit_account_id, points, partner_id, unit_price, created_at)
           SELECT 'trf_${tag}_e' || n.k, 'txn_${tag}_e' || n.k, 'earn', 'issuance:' || p.id, 'wallet:' || m.id, 10, p.id, p.issue_price, ${nowMs} FROM n ${members} ${issuer}`,
          `${counter} INSERT INTO lots (id, member_id, issuer_partner_id, transaction_id, points_original, points_remaining, expires_at, created_at)
           SELECT 'lot_${tag}_' || n.k, m.id, p.id, 'txn_${tag}_e' || n.k, 10, 6, ${nowMs + 1000 * DAY_MS}, ${nowMs} FROM n ${members} ${issuer}`,
          `${counter} INSERT INTO transfers (id, transaction_id, kind, debit_account_id, credit_account_id, points, partner_id, unit_price, created_at)
           SELECT 'trf_${tag}_r' || n.k, 'txn_${tag}_r' || n.k, 'redeem', 'wallet:' || m.id, 'redemption:' || q.id, 4, q.id, q.redeem_rate, ${nowMs} FROM n ${members} ${redeemer}`,
          `${counter} INSERT INTO lot_draws (transfer_id, lot_id, issuer_partner_id, points)
           SELECT 'trf_${tag}_r' || n.k, 'lot_${tag}_' || n.k, p.id, 4 FROM n ${issuer}`,
        ],
        'write',
      );
      this.#next = to;
    }
    // Every close then starts from an empty WAL, whatever the size of its period: the server's own
    // commit does not inherit a checkpoint of rows it did not write.
    await this.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    return round((performance.now() - startedAt) / 1000, 2);
  }

  private async prepare(): Promise<void> {
    if (this.#prepared) return;
    await this.client.batch(
      [
        'CREATE TEMP TABLE IF NOT EXISTS bench_members (i INTEGER PRIMARY KEY, id TEXT NOT NULL)',
        'CREATE TEMP TABLE IF NOT EXISTS bench_partners (i INTEGER PRIMARY KEY, id TEXT NOT NULL, issue_price TEXT NOT NULL, redeem_rate TEXT NOT NULL)',
        'DELETE FROM bench_members',
        'DELETE FROM bench_partners',
        'INSERT INTO bench_members (i, id) SELECT ROW_NUMBER() OVER (ORDER BY id) - 1, id FROM members',
        "INSERT INTO bench_partners (i, id, issue_price, redeem_rate) SELECT ROW_NUMBER() OVER (ORDER BY id) - 1, id, issue_price, redeem_rate FROM partners WHERE status = 'active'",
      ],
      'write',
    );
    this.#prepared = true;
  }
}

/**
 * Closes the open period and times it: through `POST /v1/settlements` when the server has the
 * route, otherwise through `closePeriod` (the service the route calls) in this process.
 */
export async function timeClose(options: {
  url: string;
  operatorToken: string;
  config: Config;
  client: Client;
}): Promise<Omit<CloseFigures, 'generationSeconds'>> {
  const startedAt = performance.now();
  let method: CloseFigures['method'] = 'http';
  const response = await requestOnNewConnection(
    'POST',
    `${options.url}/v1/settlements`,
    options.operatorToken,
    '{}',
  );
  const text = response.body;
  let closeMs = performance.now() - startedAt;
  if (response.status === 404 && text.includes('route_not_found')) {
    method = 'in-process';
    const deps = await buildNodeDependencies(options.config);
    try {
      const inProcessStart = performance.now();
      const outcome = await closePeriod(deps, {});
      closeMs = performance.now() - inProcessStart;
      if (isDomainError(outcome)) throw new Error(`close refused: ${outcome.detail}`);
    } finally {
      await deps.close();
    }
  } else if (response.status >= 300) {
    throw new Error(`close failed: ${response.status} ${text.slice(0, 300)}`);
  }
  const latest = await options.client.execute(
    'SELECT from_sequence, to_sequence FROM settlements ORDER BY number DESC LIMIT 1',
  );
  const row = latest.rows[0];
  const transfersInPeriod = row === undefined ? 0 : Number(row.to_sequence) - Number(row.from_sequence);
  return { transfersInPeriod, closeMs: round(closeMs, 1), method };
}

/**
 * A request on a connection of its own: filling the ledger blocks this process for seconds, during
 * which the server closes idle keep-alive sockets that fetch would still try to reuse.
 */
function requestOnNewConnection(
  method: 'GET' | 'POST',
  url: string,
  token: string,
  body = '',
): Promise<{ status: number; body: string }> {
  return new Promise((resolvePost, reject) => {
    const headers = {
      authorization: `Bearer ${token}`,
      ...(method === 'POST'
        ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
        : {}),
    };
    const request = httpRequest(url, { method, agent: false, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolvePost({ status: response.statusCode ?? 0, body: text }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}
