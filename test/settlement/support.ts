import { sql } from 'drizzle-orm';
import type { TestApp } from '../support/harness.js';

/** Closes the open period through the operator API. */
export async function closeSettlement(app: TestApp, body: Record<string, unknown> = {}) {
  return app.request('POST', '/v1/settlements', { token: await app.operatorToken(), body });
}

/** Closes and returns the operator's view of the new settlement, failing loudly otherwise. */
export async function closed(app: TestApp, body: Record<string, unknown> = {}) {
  const response = await closeSettlement(app, body);
  if (response.status !== 201) throw new Error(`close: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** The statement of one partner in an operator view of a settlement. */
export function statementIn(
  view: { statements: { partnerId: string; statement: unknown }[] },
  partnerId: string,
): any {
  const found = view.statements.find((statement) => statement.partnerId === partnerId);
  if (found === undefined) throw new Error(`no statement for ${partnerId}`);
  return found.statement;
}

/** Everything settlement keeps, to compare before and after a refused write. */
export async function settlementSnapshot(app: TestApp) {
  const rows = async (table: string) =>
    (await app.deps.db.all(sql.raw(`SELECT * FROM ${table} ORDER BY rowid`))) as unknown[];
  return {
    settlements: await rows('settlements'),
    statements: await rows('settlement_statements'),
    disputes: await rows('settlement_disputes'),
    adjustments: await rows('settlement_adjustments'),
    payments: await rows('settlement_payments'),
    totals: await rows('settlement_totals'),
    flows: await rows('settlement_flows'),
    transfers: await rows('transfers'),
    idempotency: await rows('idempotency_records'),
  };
}
