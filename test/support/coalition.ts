import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { TRANSFER_KINDS, transferKind, transferKinds } from '../../src/domain/ledger/kinds.js';
import type { TestApp } from './harness.js';

let keyCounter = 0;
/** A fresh Idempotency-Key per call. */
export const newKey = (label = 'op') =>
  `${label}-${Date.now().toString(36)}-${(keyCounter += 1)}-${Math.random().toString(36).slice(2, 8)}`;

/** The rates every ledger test uses: 1 EUR = 1.0850 USD = 25.320 CZK = 162.35 JPY = 0.3345 KWD. */
export const STANDARD_RATES = { USD: '1.0850', CZK: '25.320', JPY: '162.35', KWD: '0.3345', GBP: '0.8600' };

export async function publishRates(app: TestApp, rates: Record<string, string> = STANDARD_RATES) {
  const response = await app.request('PUT', '/v1/fx-rates', {
    token: await app.operatorToken(),
    body: { rates },
  });
  if (response.status !== 201)
    throw new Error(`publishRates: ${response.status} ${JSON.stringify(response.body)}`);
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
      if (response.status !== 201)
        throw new Error(`enrol: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.id as string;
    },
    earn: (body: Record<string, unknown>, idempotencyKey?: string) =>
      write('POST', '/v1/earn', body, idempotencyKey),
    redeem: (body: Record<string, unknown>, idempotencyKey?: string) =>
      write('POST', '/v1/redeem', body, idempotencyKey),
    capture: (transactionId: string, body: Record<string, unknown> = {}, idempotencyKey?: string) =>
      write('POST', `/v1/transactions/${transactionId}/capture`, body, idempotencyKey),
    void: (transactionId: string, idempotencyKey?: string) =>
      write('POST', `/v1/transactions/${transactionId}/void`, undefined, idempotencyKey),
    reverse: (transactionId: string, body: Record<string, unknown> = {}, idempotencyKey?: string) =>
      write('POST', `/v1/transactions/${transactionId}/reversals`, body, idempotencyKey),
    /** The balance as the partner reads it; with the member's pay code where the network asks for one. */
    balance: async (memberId: string, payCode?: string) =>
      (
        await app.request('GET', `/v1/members/${memberId}/balance`, {
          token: await token(),
          ...(payCode === undefined ? {} : { headers: { 'tessera-pay-code': payCode } }),
        })
      ).body,
  };
}

export type PartnerClient = Awaited<ReturnType<typeof partnerClient>>;

/** Everything the ledger keeps, to compare before and after a refused write. */
export async function ledgerSnapshot(app: TestApp) {
  const db = app.deps.db;
  const rows = async (table: string) =>
    (await db.all(sql.raw(`SELECT * FROM ${table} ORDER BY rowid`))) as unknown[];
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
  const [total] = (await db.all(sql`SELECT COALESCE(SUM(balance), 0) AS total FROM accounts`)) as {
    total: number;
  }[];
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

/**
 * What every transaction must agree with: no earn gives back more points or money than it
 * earned (a captured hold counts what was captured), a full refund takes back exactly all of it,
 * each original's reversed totals equal its reversal transactions, each transaction moved exactly
 * its points (a pending, voided or expired hold none), every debit names the lots it drew, and
 * every repaid debt is a repayment transfer.
 */
export async function expectTransactionInvariants(app: TestApp) {
  const db = app.deps.db;
  expect(
    await db.all(sql`
      SELECT id FROM transactions
      WHERE (kind = 'earn' AND (points_reversed > COALESCE(points_captured, points)
                                OR amount_reversed_minor > COALESCE(amount_captured_minor, amount_minor)))
         OR (kind = 'redeem' AND points_reversed > points)`),
  ).toEqual([]);
  expect(
    await db.all(sql`
      SELECT id, points_reversed, COALESCE(points_captured, points) AS base_points FROM transactions
      WHERE kind = 'earn' AND status IN ('posted', 'captured')
        AND amount_reversed_minor = COALESCE(amount_captured_minor, amount_minor)
        AND points_reversed <> COALESCE(points_captured, points)`),
  ).toEqual([]);
  expect(
    await db.all(sql`
      SELECT o.id, o.points_reversed, o.amount_reversed_minor, totals.points, totals.amount_minor
      FROM transactions o
      LEFT JOIN (SELECT original_transaction_id, SUM(points) AS points, SUM(COALESCE(amount_minor, 0)) AS amount_minor
                 FROM transactions WHERE kind = 'reversal' GROUP BY original_transaction_id) totals
        ON totals.original_transaction_id = o.id
      WHERE o.kind IN ('earn', 'redeem')
        AND (o.points_reversed <> COALESCE(totals.points, 0)
             OR (o.kind = 'earn' AND o.amount_reversed_minor <> COALESCE(totals.amount_minor, 0)))`),
  ).toEqual([]);
  expect(
    await db.all(sql`
      SELECT * FROM (
        SELECT t.id, t.kind, t.status,
          COALESCE((SELECT SUM(points) FROM transfers f
                    WHERE f.transaction_id = t.id AND f.kind IN (${LOT_MOVING_KINDS})
                      AND f.kind NOT IN (${RESOLVING_KINDS})), 0) AS moved,
          CASE
            WHEN t.kind = 'earn' AND t.status = 'posted' THEN t.points
            WHEN t.kind = 'earn' AND t.status = 'captured' THEN t.points_captured
            WHEN t.kind = 'earn' THEN 0
            WHEN t.kind = 'redeem' THEN t.points
            WHEN json_extract(t.details, '$.reverses') = 'earn' THEN t.points - json_extract(t.details, '$.pointsOwed')
            ELSE t.points
          END AS expected
        FROM transactions t)
      WHERE moved <> expected`),
  ).toEqual([]);
  // A held reservation has moved its points into the reservations account and nothing out; a
  // fulfilled, cancelled or lapsed one has moved all of them out once (captured, or released).
  expect(
    await db.all(sql`
      SELECT * FROM (
        SELECT t.id, t.status, t.points,
          COALESCE((SELECT SUM(points) FROM transfers f
                    WHERE f.transaction_id = t.id AND f.kind IN (${RESOLVING_KINDS})), 0) AS resolved
        FROM transactions t WHERE t.kind = 'catalogue_reservation')
      WHERE resolved <> CASE WHEN status = 'pending' THEN 0 ELSE points END`),
  ).toEqual([]);
  expect(
    await db.all(sql`
      SELECT f.id, f.kind, f.points FROM transfers f
      WHERE f.kind IN (${LOT_DRAWING_KINDS})
        AND f.points <> COALESCE((SELECT SUM(points) FROM lot_draws d WHERE d.transfer_id = f.id), 0)`),
  ).toEqual([]);
  expect(
    await db.all(sql`
      SELECT t.id FROM transactions t
      WHERE t.kind = 'earn'
        AND COALESCE(json_extract(t.details, '$.pointsRepaid'), 0)
            <> COALESCE((SELECT SUM(points) FROM transfers f WHERE f.transaction_id = t.id AND f.kind = 'debt_repayment'), 0)`),
  ).toEqual([]);
  expect(
    await db.all(sql`
      SELECT o.member_id, o.creditor_partner_id, SUM(o.points_original - o.points_remaining) AS repaid
      FROM points_owed o
      GROUP BY o.member_id, o.creditor_partner_id
      HAVING repaid <> COALESCE((SELECT SUM(points) FROM transfers f
                                 WHERE f.kind = 'debt_repayment' AND f.partner_id = o.creditor_partner_id
                                   AND (f.debit_account_id = 'wallet:' || o.member_id
                                        -- a merge hands debts over: repaid from the absorbed wallet before it
                                        OR f.debit_account_id IN (SELECT 'wallet:' || m.id FROM members m
                                                                  WHERE m.merged_into_member_id = o.member_id))), 0)`),
  ).toEqual([]);
}

/** The transfer kinds that move lots (a transaction's own movement, not a debt it repaid), from the registry. */
const LOT_MOVING_KINDS = sql.join(
  transferKinds.filter((kind) => TRANSFER_KINDS[kind].lots !== 'none').map((kind) => sql`${kind}`),
  sql`, `,
);
/** The kinds that resolve a reservation's hold: what they move left the wallets with the hold. */
const RESOLVING_KINDS = sql.join(
  transferKinds.filter((kind) => (transferKind(kind)?.held ?? 0n) < 0n).map((kind) => sql`${kind}`),
  sql`, `,
);
/** The transfer kinds that name the lots they drew, put back or captured. */
const LOT_DRAWING_KINDS = sql.join(
  transferKinds
    .filter((kind) => ['draw', 'restore', 'provenance'].includes(TRANSFER_KINDS[kind].lots))
    .map((kind) => sql`${kind}`),
  sql`, `,
);

/** The balance column of one account. */
export async function accountBalance(app: TestApp, accountId: string): Promise<number> {
  const [row] = (await app.deps.db.all(sql`SELECT balance FROM accounts WHERE id = ${accountId}`)) as {
    balance: number;
  }[];
  if (row === undefined) throw new Error(`accountBalance: no account ${accountId}`);
  return row.balance;
}

/** Every kind of caller a ledger route must tell apart. */
export const CALLERS = ['no token', 'operator', 'member', 'partner'] as const;
export type Caller = (typeof CALLERS)[number];

/**
 * The security matrix of a route that accepts one kind of principal: everyone else is refused
 * with 401 (`unauthorized` without a token, `invalid_token` for a token of another kind).
 */
export function callerMatrix(allowed: Caller): { caller: Caller; allowed: boolean; code: string | null }[] {
  return CALLERS.map((caller) =>
    caller === allowed
      ? { caller, allowed: true, code: null }
      : { caller, allowed: false, code: caller === 'no token' ? 'unauthorized' : 'invalid_token' },
  );
}

/** A bearer token of the caller's kind: the given partner's, or the given member's. */
export async function callerToken(
  app: TestApp,
  caller: Caller,
  as: { partner: PartnerClient; memberId: string },
): Promise<string | undefined> {
  switch (caller) {
    case 'no token':
      return undefined;
    case 'operator':
      return app.operatorToken();
    case 'member':
      return app.memberToken(as.memberId);
    case 'partner':
      return as.partner.token();
  }
}

/** Everything the pools keep, to compare before and after a refused pool write. */
export async function poolSnapshot(app: TestApp) {
  const db = app.deps.db;
  const rows = async (table: string) =>
    (await db.all(sql.raw(`SELECT * FROM ${table} ORDER BY rowid`))) as unknown[];
  return {
    pools: await rows('pools'),
    poolMembers: await rows('pool_members'),
    poolInvites: await rows('pool_invites'),
    poolMonthlyUsage: await rows('pool_monthly_usage'),
    poolRedemptions: await rows('pool_redemptions'),
  };
}

/**
 * Makes each database call of the app wait for the next turn of the event loop, as a call to a
 * networked database (Turso, D1) does. The embedded libSQL driver answers at once, so requests
 * fired together would otherwise each read, plan and commit back to back and never race; with
 * this they read the same rows, plan on them, and the guards inside each batch must decide.
 */
export function interleaveDatabaseCalls(app: TestApp): void {
  const { client } = app.deps;
  const execute = client.execute.bind(client);
  const batch = client.batch.bind(client);
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
  Object.assign(client, {
    execute: async (...args: Parameters<typeof execute>) => {
      await nextTurn();
      return execute(...args);
    },
    batch: async (...args: Parameters<typeof batch>) => {
      await nextTurn();
      return batch(...args);
    },
  });
}
