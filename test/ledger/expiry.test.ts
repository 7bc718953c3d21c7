import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { BREAKAGE_ACCOUNT_ID, sweepExpiredPoints } from '../../src/ledger/expiry.js';
import { runCli } from '../support/cli.js';
import {
  accountBalance,
  expectLedgerInvariants,
  expectTransactionInvariants,
  ledgerSnapshot,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../support/coalition.js';
import { TestApp, TestClock } from '../support/harness.js';

/** Lots expire POINTS_EXPIRY_MONTHS (default 36) after they were credited; a sweep moves them to breakage. */
let app: TestApp;
let bistro: PartnerClient;
let hotel: PartnerClient;
beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
  bistro = await partnerClient(app, {
    name: 'Bistro Lumière',
    sector: 'restaurant',
    country: 'FR',
    settlementCurrency: 'EUR',
    earnRate: '1',
  });
  hotel = await partnerClient(app, {
    name: 'Harbor Hotel San Diego',
    settlementCurrency: 'USD',
    earnRate: '1',
  });
});
afterEach(async () => {
  await app.close();
});

const DAY_MS = 86_400_000;
/** The clock at 2026-11-23T09:00:00Z moved to the given instant. */
const moveClockTo = (iso: string) => app.clock.advance(Date.parse(iso) - app.clock.nowMs);

describe('the expiry sweep', () => {
  test('moves what is left of a lot 36 months old to network:breakage, once', async () => {
    const memberId = await bistro.enrol();
    await bistro.earn({ memberId, amount: { amount: '100.00', currency: 'EUR' } });
    await hotel.redeem({ memberId, points: 30 });
    app.clock.advance(DAY_MS);
    await bistro.earn({ memberId, amount: { amount: '25.00', currency: 'EUR' } });

    moveClockTo('2029-11-23T08:59:59.999Z');
    expect(await sweepExpiredPoints(app.deps)).toEqual({ lotsExpired: 0, pointsExpired: 0, holdsExpired: 0 });
    expect((await bistro.balance(memberId)).available).toBe(95);

    moveClockTo('2029-11-23T09:00:00.000Z');
    // Past its expiry a lot is no longer spendable, even before the sweep takes it.
    expect((await bistro.balance(memberId)).available).toBe(25);
    expect(await sweepExpiredPoints(app.deps)).toEqual({
      lotsExpired: 1,
      pointsExpired: 70,
      holdsExpired: 0,
    });
    expect(await accountBalance(app, BREAKAGE_ACCOUNT_ID)).toBe(70);
    expect(await accountBalance(app, `wallet:${memberId}`)).toBe(25);
    expect((await bistro.balance(memberId)).available).toBe(25);
    const expiry = await app.deps.db.all(sql`
      SELECT f.debit_account_id AS debit, f.credit_account_id AS credit, f.points, d.issuer_partner_id AS issuer, d.points AS drawn
      FROM transfers f JOIN lot_draws d ON d.transfer_id = f.id WHERE f.kind = 'expiry'`);
    expect(expiry).toEqual([
      {
        debit: `wallet:${memberId}`,
        credit: BREAKAGE_ACCOUNT_ID,
        points: 70,
        issuer: bistro.partner.id,
        drawn: 70,
      },
    ]);
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);

    const before = await ledgerSnapshot(app);
    expect(await sweepExpiredPoints(app.deps)).toEqual({ lotsExpired: 0, pointsExpired: 0, holdsExpired: 0 });
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test('expired points cannot be redeemed', async () => {
    const memberId = await bistro.enrol();
    await bistro.earn({ memberId, amount: { amount: '100.00', currency: 'EUR' } });
    moveClockTo('2029-11-23T09:00:00.000Z');
    await publishRates(app);
    const before = await ledgerSnapshot(app);
    const redeemed = await bistro.redeem({ memberId, points: 1 });
    expect(redeemed.status).toBe(422);
    expect(redeemed.body).toMatchObject({ code: 'insufficient_points', availablePoints: 0 });
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test('sweeps every member in one run, each wallet by one transfer', async () => {
    const members = [await bistro.enrol(), await bistro.enrol(), await hotel.enrol()];
    for (const [index, memberId] of members.entries()) {
      await bistro.earn({ memberId, amount: { amount: `${10 * (index + 1)}.00`, currency: 'EUR' } });
      await hotel.earn({ memberId, amount: { amount: '10.85', currency: 'USD' } });
    }
    moveClockTo('2030-01-01T00:00:00.000Z');
    // (10 + 10) + (20 + 10) + (30 + 10) = 90 points in 6 lots
    expect(await sweepExpiredPoints(app.deps)).toEqual({
      lotsExpired: 6,
      pointsExpired: 90,
      holdsExpired: 0,
    });
    const transfers = await app.deps.db.all(
      sql`SELECT debit_account_id AS debit, points FROM transfers WHERE kind = 'expiry' ORDER BY debit_account_id`,
    );
    expect(transfers).toEqual(
      [
        { debit: `wallet:${members[0]}`, points: 20 },
        { debit: `wallet:${members[1]}`, points: 30 },
        { debit: `wallet:${members[2]}`, points: 40 },
      ].sort((a, b) => (a.debit < b.debit ? -1 : 1)),
    );
    await expectLedgerInvariants(app);
  });

  test('POINTS_EXPIRY_MONTHS is configuration, and a month-end lot expires on the last day of the shorter month', async () => {
    await app.close();
    app = await TestApp.create({
      environment: { POINTS_EXPIRY_MONTHS: '1' },
      clock: new TestClock(Date.parse('2027-01-31T12:00:00.000Z')),
    });
    await publishRates(app);
    const shop = await partnerClient(app, { settlementCurrency: 'EUR' });
    const memberId = await shop.enrol();
    await shop.earn({ memberId, amount: { amount: '10.00', currency: 'EUR' } });
    const me = await app.request('GET', '/v1/me', { token: await app.memberToken(memberId) });
    expect(me.body.expiringSoon).toEqual([{ date: '2027-02-28', points: 10 }]);
    app.clock.advance(Date.parse('2027-02-28T12:00:00.000Z') - app.clock.nowMs);
    expect(await sweepExpiredPoints(app.deps)).toMatchObject({ pointsExpired: 10 });
  });
});

describe('GET /v1/me shows the points expiring within 90 days, by date', () => {
  test('lots in the window are grouped by UTC date; later lots are not shown', async () => {
    const memberId = await bistro.enrol();
    await bistro.earn({ memberId, amount: { amount: '100.00', currency: 'EUR' } }); // expires 2029-11-23T09:00Z
    app.clock.advance(DAY_MS);
    await bistro.earn({ memberId, amount: { amount: '40.00', currency: 'EUR' } }); // expires 2029-11-24T09:00Z
    app.clock.advance(3_600_000);
    await hotel.earn({ memberId, amount: { amount: '10.85', currency: 'USD' } }); // 10 points, expires 2029-11-24T10:00Z
    moveClockTo('2027-03-03T09:00:00.000Z');
    await publishRates(app);
    await bistro.earn({ memberId, amount: { amount: '70.00', currency: 'EUR' } }); // expires 2030-03-03T09:00Z

    // The window from 2029-10-01T00:00Z ends 2029-12-30T00:00Z.
    moveClockTo('2029-10-01T00:00:00.000Z');
    const token = await app.memberToken(memberId);
    const me = await app.request('GET', '/v1/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      memberId,
      externalReference: null,
      available: 220,
      pending: 0,
      owed: 0,
      expiringSoon: [
        { date: '2029-11-23', points: 100 },
        { date: '2029-11-24', points: 50 },
      ],
      pools: [],
      unifiedAvailable: 220,
    });

    // Redemptions take the first-expiring points first: 100 from 2029-11-23, 20 from 2029-11-24.
    await publishRates(app);
    expect((await hotel.redeem({ memberId, points: 120 })).status).toBe(201);
    expect((await app.request('GET', '/v1/me', { token })).body.expiringSoon).toEqual([
      { date: '2029-11-24', points: 30 },
    ]);
  });
});

describe('npm run -s cli -- expire', () => {
  test('runs the sweep against the database in DATABASE_URL', async () => {
    // The CLI reads the real clock, so the points are earned 37 months before now.
    await app.close();
    const startedAtMs = Date.now() - 37 * 31 * DAY_MS;
    app = await TestApp.create({ clock: new TestClock(startedAtMs) });
    await publishRates(app);
    const shop = await partnerClient(app, { settlementCurrency: 'EUR' });
    const memberId = await shop.enrol();
    await shop.earn({ memberId, amount: { amount: '100.00', currency: 'EUR' } });
    await shop.redeem({ memberId, points: 30 });
    await shop.earn({ memberId, amount: { amount: '50.00', currency: 'EUR' }, hold: {} });

    const run = await cli(['expire'], app.config.databaseUrl);
    expect(run).toEqual({ code: 0, stdout: 'Expired 70 points in 1 lots; 1 holds lapsed.\n', stderr: '' });
    expect(await accountBalance(app, BREAKAGE_ACCOUNT_ID)).toBe(70);
    expect(await accountBalance(app, `wallet:${memberId}`)).toBe(0);
    await expectLedgerInvariants(app);
  });
});

/** The real CLI, with only DATABASE_URL from the Tessera environment. */
function cli(args: string[], databaseUrl: string) {
  return runCli(args, { DATABASE_URL: databaseUrl });
}
