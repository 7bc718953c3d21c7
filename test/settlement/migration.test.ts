import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, expect, test } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../src/db/libsql.js';
import { sweepExpiredPoints } from '../../src/ledger/expiry.js';
import { partnerClient, publishRates } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';

let app: TestApp;
afterEach(async () => {
  await app.close();
});

const SETTLEMENT_TABLES = [
  'partner_terms_history',
  'settlement_totals',
  'settlement_flows',
  'settlements',
  'settlement_statements',
  'settlement_disputes',
  'settlement_adjustments',
  'settlement_payments',
];
const SETTLEMENT_TRIGGERS = [
  'partner_terms_history_on_insert',
  'partner_terms_history_on_update',
  'settlement_totals_follow_transfers',
  'settlement_flows_follow_lot_draws',
  'settlements_chain',
];

async function rows(table: string) {
  return app.deps.db.all(sql.raw(`SELECT * FROM ${table} ORDER BY 1, 2, 3`));
}

function migrationStatements(file: string): string[] {
  return readFileSync(join(MIGRATIONS_FOLDER, file), 'utf8')
    .split('--> statement-breakpoint')
    .map((statement) => statement.trim())
    .filter((statement) => statement.replace(/^--.*$/gm, '').trim() !== '');
}

test('the settlement migrations backfill the running totals of a ledger that already has transfers', async () => {
  app = await TestApp.create({ environment: { POINTS_EXPIRY_MONTHS: '1' } });
  await publishRates(app);
  const hotel = await partnerClient(app, { settlementCurrency: 'USD' });
  const shop = await partnerClient(app, {
    name: 'Shop',
    settlementCurrency: 'EUR',
    issuePrice: '0.011',
    redeemRate: '0.0095',
  });
  const first = await hotel.enrol();
  const second = await shop.enrol();
  const earn = await hotel.earn({ memberId: first, amount: { amount: '500.00', currency: 'USD' } });
  await shop.earn({ memberId: second, amount: { amount: '80.00', currency: 'EUR' } });
  const redemption = await shop.redeem({ memberId: first, points: 400 });
  await hotel.reverse(earn.body.id, {}); // takes back what is left, the rest is owed
  await hotel.earn({ memberId: first, amount: { amount: '217.00', currency: 'USD' } }); // repays the debt first
  await shop.reverse(redemption.body.id, { points: 40 });
  app.clock.advance(40 * 86_400_000);
  await sweepExpiredPoints(app.deps);
  await publishRates(app);
  const maintained = { totals: await rows('settlement_totals'), flows: await rows('settlement_flows') };
  expect(maintained.totals.length).toBeGreaterThanOrEqual(6);

  // The database as it was before migrations 0003 and 0004, with its ledger; then apply them.
  for (const trigger of SETTLEMENT_TRIGGERS) await app.deps.db.run(sql.raw(`DROP TRIGGER ${trigger}`));
  await app.deps.db.run(sql.raw('DROP INDEX transfers_partner_sequence'));
  for (const table of SETTLEMENT_TABLES) await app.deps.db.run(sql.raw(`DROP TABLE ${table}`));
  for (const file of ['0003_settlement.sql', '0004_settlement_totals.sql']) {
    for (const statement of migrationStatements(file)) await app.deps.db.run(sql.raw(statement));
  }

  expect(await rows('settlement_totals')).toEqual(maintained.totals);
  expect(await rows('settlement_flows')).toEqual(maintained.flows);
  // And the triggers carry on from the backfilled totals.
  expect((await hotel.earn({ memberId: second, amount: { amount: '10.85', currency: 'USD' } })).status).toBe(
    201,
  );
  const closed = await app.request('POST', '/v1/settlements', { token: await app.operatorToken(), body: {} });
  expect(closed.status).toBe(201);
  const [wallets] = (await app.deps.db.all(
    sql`SELECT SUM(balance) AS total FROM accounts WHERE kind = 'wallet'`,
  )) as { total: number }[];
  expect(closed.body.settlement.totals.atClose.outstandingLiability).toBe(wallets?.total);
});
