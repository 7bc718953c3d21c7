import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TestApp } from './harness.js';

let keyCounter = 0;
/** A fresh Idempotency-Key per call. */
export const newKey = (label = 'op') => `${label}-${Date.now().toString(36)}-${(keyCounter += 1)}-${Math.random().toString(36).slice(2, 8)}`;

/** The rates every ledger test uses: 1 EUR = 1.0850 USD = 25.320 CZK = 162.35 JPY = 0.3345 KWD. */
export const STANDARD_RATES = { USD: '1.0850', CZK: '25.320', JPY: '162.35', KWD: '0.3345', GBP: '0.8600' };

export async function publishRates(app: TestApp, rates: Record<string, string> = STANDARD_RATES) {
  const response = await app.request('PUT', '/v1/fx-rates', { token: await app.operatorToken(), body: { rates } });
  if (response.status !== 201) throw new Error(`publishRates: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** A partner that can call partner routes, with shortcuts for the ledger writes. */
export async function partnerClient(app: TestApp, overrides: Record<string, unknown> = {}) {
  const { partner, key, token } = await app.onboardPartner(overrides);
  const write = async (method: string, path: string, body: unknown, idempotencyKey = newKey()) =>
    app.request(method, path, { token: await token(), body, idempotencyKey });
  return {
    partner,
    key,
    token,
    enrol: async (body: Record<string, unknown> = {}) => {
      const response = await write('POST', '/v1/members', body);
      if (response.status !== 201) throw new Error(`enrol: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.id as string;
    },
    earn: (body: Record<string, unknown>, idempotencyKey?: string) => write('POST', '/v1/earn', body, idempotencyKey),
    redeem: (body: Record<string, unknown>, idempotencyKey?: string) => write('POST', '/v1/redeem', body, idempotencyKey),
    capture: (transactionId: string, body: Record<string, unknown> = {}, idempotencyKey?: string) =>
      write('POST', `/v1/transactions/${transactionId}/capture`, body, idempotencyKey),
    void: (transactionId: string, idempotencyKey?: string) => write('POST', `/v1/transactions/${transactionId}/void`, undefined, idempotencyKey),
    reverse: (transactionId: string, body: Record<string, unknown> = {}, idempotencyKey?: string) =>
      write('POST', `/v1/transactions/${transactionId}/reversals`, body, idempotencyKey),
    balance: async (memberId: string) => (await app.request('GET', `/v1/members/${memberId}/balance`, { token: await token() })).body,
  };
}

export type PartnerClient = Awaited<ReturnType<typeof partnerClient>>;

/** Everything the ledger keeps, to compare before and after a refused write. */
export async function ledgerSnapshot(app: TestApp) {
  const db = app.deps.db;
  const rows = async (table: string) => (await db.all(sql.raw(`SELECT * FROM ${table} ORDER BY rowid`))) as unknown[];
  return {
    accounts: await rows('accounts'),
    transfers: await rows('transfers'),
    lots: await rows('lots'),
    lotDraws: await rows('lot_draws'),
    pointsOwed: await rows('points_owed'),
    transactions: await rows('transactions'),
    idempotency: await rows('idempotency_records'),
    members: await rows('members'),
  };
}

/**
 * The ledger's invariants: balances sum to 0, no wallet below 0, each balance equals its
 * transfers, and each wallet equals the sum of its lots.
 */
export async function expectLedgerInvariants(app: TestApp) {
  const db = app.deps.db;
  const [total] = (await db.all(sql`SELECT COALESCE(SUM(balance), 0) AS total FROM accounts`)) as { total: number }[];
  expect(total?.total).toBe(0);
  const negativeWallets = await db.all(sql`SELECT id FROM accounts WHERE kind = 'wallet' AND balance < 0`);
  expect(negativeWallets).toEqual([]);
  const drift = await db.all(sql`
    SELECT a.id, a.balance,
      COALESCE((SELECT SUM(points) FROM transfers WHERE credit_account_id = a.id), 0)
      - COALESCE((SELECT SUM(points) FROM transfers WHERE debit_account_id = a.id), 0) AS from_transfers
    FROM accounts a
    WHERE a.balance <> COALESCE((SELECT SUM(points) FROM transfers WHERE credit_account_id = a.id), 0)
      - COALESCE((SELECT SUM(points) FROM transfers WHERE debit_account_id = a.id), 0)`);
  expect(drift).toEqual([]);
  const lotDrift = await db.all(sql`
    SELECT a.id, a.balance, COALESCE((SELECT SUM(points_remaining) FROM lots WHERE member_id = a.owner_id), 0) AS in_lots
    FROM accounts a
    WHERE a.kind = 'wallet' AND a.balance <> COALESCE((SELECT SUM(points_remaining) FROM lots WHERE member_id = a.owner_id), 0)`);
  expect(lotDrift).toEqual([]);
}
