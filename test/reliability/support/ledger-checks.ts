import { sql } from 'drizzle-orm';
import type { Database } from '../../../src/db/database.js';

/**
 * The ledger's invariants as queries that stay linear in the size of the ledger (the harness's
 * `expectLedgerInvariants` correlates per account, too slow for the deep runs' hundred thousand
 * transfers). Each returns the offending rows: an empty list everywhere means the ledger is whole.
 */
export async function ledgerViolations(db: Database): Promise<Record<string, unknown[]>> {
  const all = (query: ReturnType<typeof sql>) => db.all(query) as Promise<unknown[]>;
  return {
    balancesDoNotSumToZero: await all(
      sql`SELECT SUM(balance) AS total FROM accounts HAVING SUM(balance) <> 0`,
    ),
    negativeWallets: await all(sql`SELECT id, balance FROM accounts WHERE kind = 'wallet' AND balance < 0`),
    balanceIsNotItsTransfers: await all(sql`
      WITH moved AS (
        SELECT account, SUM(delta) AS net FROM (
          SELECT credit_account_id AS account, points AS delta FROM transfers
          UNION ALL SELECT debit_account_id, -points FROM transfers)
        GROUP BY account)
      SELECT a.id, a.balance, COALESCE(m.net, 0) AS fromTransfers FROM accounts a LEFT JOIN moved m ON m.account = a.id
      WHERE a.balance <> COALESCE(m.net, 0)`),
    walletIsNotItsLots: await all(sql`
      WITH held AS (SELECT member_id, SUM(points_remaining) AS points FROM lots GROUP BY member_id)
      SELECT a.id, a.balance, COALESCE(h.points, 0) AS inLots FROM accounts a LEFT JOIN held h ON h.member_id = a.owner_id
      WHERE a.kind = 'wallet' AND a.balance <> COALESCE(h.points, 0)`),
    debitsWithoutTheirLots: await all(sql`
      WITH drawn AS (SELECT transfer_id, SUM(points) AS points FROM lot_draws GROUP BY transfer_id)
      SELECT f.id, f.kind, f.points, d.points AS drawn FROM transfers f LEFT JOIN drawn d ON d.transfer_id = f.id
      WHERE f.kind IN ('redeem', 'earn_reversal', 'redeem_reversal', 'expiry') AND f.points <> COALESCE(d.points, 0)`),
    /** A half-written batch: a posted earn whose credit transfer is missing, or the other way round. */
    postedEarnsWithoutTheirTransfer: await all(sql`
      SELECT t.id, t.points FROM transactions t
      WHERE t.kind = 'earn' AND ((t.status = 'posted' AND t.points > 0) OR (t.status = 'captured' AND t.points_captured > 0))
        AND NOT EXISTS (SELECT 1 FROM transfers f WHERE f.transaction_id = t.id AND f.kind = 'earn')`),
    redemptionsWithoutTheirTransfers: await all(sql`
      SELECT t.id, t.points FROM transactions t
      WHERE t.kind = 'redeem' AND t.points <> COALESCE((SELECT SUM(points) FROM transfers f WHERE f.transaction_id = t.id AND f.kind = 'redeem'), 0)`),
    transfersWithoutTheirTransaction: await all(sql`
      SELECT f.id, f.transaction_id FROM transfers f
      WHERE f.kind <> 'expiry' AND NOT EXISTS (SELECT 1 FROM transactions t WHERE t.id = f.transaction_id)`),
    idempotencyRecordsWithoutTheirTransaction: await all(sql`
      SELECT r.principal_id, r.key FROM idempotency_records r
      WHERE json_extract(r.response_body, '$.id') LIKE 'txn_%'
        AND NOT EXISTS (SELECT 1 FROM transactions t WHERE t.id = json_extract(r.response_body, '$.id'))`),
    transactionsWithoutTheirIdempotencyRecord: await all(sql`
      SELECT t.id FROM transactions t
      WHERE t.idempotency_key IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM idempotency_records r WHERE r.principal_kind = 'partner' AND r.principal_id = t.partner_id AND r.key = t.idempotency_key)`),
  };
}

/** Only the kinds of violation that occurred, for a readable assertion. */
export async function ledgerProblems(db: Database): Promise<Record<string, unknown[]>> {
  return Object.fromEntries(Object.entries(await ledgerViolations(db)).filter(([, rows]) => rows.length > 0));
}
