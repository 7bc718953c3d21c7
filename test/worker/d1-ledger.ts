import { newKey, STANDARD_RATES } from '../support/coalition.js';
import type { TestResponse } from '../support/harness.js';
import type { LocalWorker, ScenarioClient } from './support.js';

/**
 * What every ledger write leaves behind in D1, read beside the worker in one query: row counts,
 * and sums that move with any posting, so a refused write that left anything shows here.
 */
export async function ledgerFootprint(worker: LocalWorker): Promise<Record<string, number>> {
  const tables = [
    'transactions',
    'transfers',
    'lots',
    'lot_draws',
    'points_owed',
    'idempotency_records',
    'pool_redemptions',
    'pool_monthly_usage',
  ];
  const [row] = await worker.query<Record<string, number>>(`SELECT
    ${tables.map((table) => `(SELECT count(*) FROM ${table}) AS ${table}`).join(',\n    ')},
    (SELECT COALESCE(SUM(ABS(balance)), 0) FROM accounts) AS account_balances,
    (SELECT COALESCE(SUM(points_remaining), 0) FROM lots) AS lot_points,
    (SELECT COALESCE(SUM(points_remaining), 0) FROM points_owed) AS owed_points`);
  if (row === undefined) throw new Error('the footprint query returned no row');
  return row;
}

/**
 * The ledger's invariants, checked on D1: balances sum to 0, no wallet is below 0, every balance
 * equals its transfers, and every wallet equals the points left in its lots. Each count is 0.
 */
export async function ledgerInvariantViolations(worker: LocalWorker): Promise<Record<string, number>> {
  const [row] = await worker.query<Record<string, number>>(`SELECT
    (SELECT COALESCE(SUM(balance), 0) FROM accounts) AS balance_total,
    (SELECT count(*) FROM accounts WHERE kind = 'wallet' AND balance < 0) AS negative_wallets,
    (SELECT count(*) FROM accounts a
      WHERE a.balance <> COALESCE((SELECT SUM(points) FROM transfers WHERE credit_account_id = a.id), 0)
                       - COALESCE((SELECT SUM(points) FROM transfers WHERE debit_account_id = a.id), 0)) AS balances_off_transfers,
    (SELECT count(*) FROM accounts a
      WHERE a.kind = 'wallet' AND a.balance <> COALESCE((SELECT SUM(points_remaining) FROM lots WHERE member_id = a.owner_id), 0)) AS wallets_off_lots`);
  if (row === undefined) throw new Error('the invariants query returned no row');
  return row;
}

/** A partner with shortcuts for the ledger writes, over any `ScenarioClient`; each write gets a fresh Idempotency-Key. */
export async function ledgerPartner(client: ScenarioClient, overrides: Record<string, unknown> = {}) {
  const { partner, token } = await client.onboardPartner(overrides);
  const write = async (path: string, body?: unknown) =>
    client.request('POST', path, { token: await token(), body, idempotencyKey: newKey() });
  return {
    id: partner.id as string,
    token,
    enrol: async () => {
      const response = await write('/v1/members', {});
      if (response.status !== 201)
        throw new Error(`enrol: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.id as string;
    },
    earn: (body: Record<string, unknown>) => write('/v1/earn', body),
    redeem: (body: Record<string, unknown>) => write('/v1/redeem', body),
    reverse: (transactionId: string, body?: Record<string, unknown>) =>
      write(`/v1/transactions/${transactionId}/reversals`, body),
    balance: async (memberId: string) =>
      (await client.request('GET', `/v1/members/${memberId}/balance`, { token: await token() })).body,
  };
}

/** Publishes the rates of the Node ledger tests as of now (the worker reads the real clock), so they are the newest. */
export async function publishStandardRates(client: ScenarioClient): Promise<void> {
  const response = await client.request('PUT', '/v1/fx-rates', {
    token: await client.operatorToken(),
    body: { rates: STANDARD_RATES },
  });
  if (response.status !== 201)
    throw new Error(`publishStandardRates: ${response.status} ${JSON.stringify(response.body)}`);
}

/** How many responses had each outcome, e.g. { '201': 3, '422 insufficient_points': 7 }. */
export function tally(responses: readonly TestResponse[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const response of responses) {
    const outcome =
      response.status < 300 ? String(response.status) : `${response.status} ${response.body.code}`;
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  }
  return counts;
}
