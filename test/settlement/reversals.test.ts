import { afterAll, beforeAll, expect, test } from 'vitest';
import { type PartnerClient, partnerClient, publishRates } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import { closed, statementIn } from './support.js';

/**
 * A refund after the close whose points were already spent: the ledger takes back what the wallet
 * still holds of the refunding partner's points (never another issuer's) and records the rest as
 * owed, repaid by the member's next earning elsewhere. All of it settles in the period it happens
 * in, at the price of the original earn.
 */
let app: TestApp;
let hotel: PartnerClient;
let shop: PartnerClient;
let pharmacy: PartnerClient;
let second: any;

beforeAll(async () => {
  app = await TestApp.create();
  await publishRates(app);
  hotel = await partnerClient(app, {
    name: 'Hotel',
    settlementCurrency: 'USD',
    issuePrice: '0.012',
    redeemRate: '0.009',
  });
  shop = await partnerClient(app, {
    name: 'Shop',
    settlementCurrency: 'EUR',
    issuePrice: '0.011',
    redeemRate: '0.0095',
  });
  pharmacy = await partnerClient(app, {
    name: 'Pharmacy',
    settlementCurrency: 'CZK',
    issuePrice: '0.0125',
    redeemRate: '0.0085',
  });
  const memberId = await hotel.enrol();
  const earn = await hotel.earn({ memberId, amount: { amount: '1085.00', currency: 'USD' } }); // 1000 hotel points
  await shop.earn({ memberId, amount: { amount: '300.00', currency: 'EUR' } }); // 300 shop points
  await closed(app);
  await pharmacy.redeem({ memberId, points: 900 }); // 900 of the hotel's points
  const refund = await hotel.reverse(earn.body.id, {}); // 1000: the 100 hotel points left taken back, 900 owed
  expect(refund.body).toMatchObject({ points: 1000, pointsOwed: 900 });
  const repaying = await shop.earn({ memberId, amount: { amount: '700.00', currency: 'EUR' } }); // 700: all repay the hotel
  expect(repaying.body.pointsRepaid).toBe(700);
  second = await closed(app);
});
afterAll(async () => {
  await app.close();
});

test('the refunding hotel is credited for every point taken back or repaid, at the original 0.012', () => {
  const statement = statementIn(second, hotel.partner.id);
  expect(statement.points).toMatchObject({ issued: 0, issueReversed: 100, debtRepaid: 700, netIssued: -800 });
  expect(statement.lines).toEqual([
    { kind: 'debt_repayment', unitPrice: '0.012', points: 700, transfers: 1, amountExact: '-8.4' },
    { kind: 'earn_reversal', unitPrice: '0.012', points: 100, transfers: 1, amountExact: '-1.2' },
  ]);
  expect(statement.reference).toMatchObject({ issuanceFee: { amount: '-9.60' }, net: { amount: '-9.60' } });
  // -9.60 EUR x 1.085 = -10.416 USD -> half-even -> -10.42
  expect(statement.settlement.net).toEqual({ amount: '-10.42', currency: 'USD' });
});

test('the shop pays for all 700 points it issued; the pharmacy is reimbursed for 900', () => {
  expect(statementIn(second, shop.partner.id).reference.issuanceFee).toEqual({
    amount: '7.70',
    currency: 'EUR',
  });
  expect(statementIn(second, pharmacy.partner.id).reference.reimbursement).toEqual({
    amount: '7.65',
    currency: 'EUR',
  });
});

test("a refund never takes another issuer's points, and liability follows the wallets", () => {
  expect(second.settlement.crossIssuerReversals).toEqual([]);
  expect(second.settlement.flows).toEqual([
    expect.objectContaining({
      issuerPartnerId: hotel.partner.id,
      redeemerPartnerId: pharmacy.partner.id,
      points: 900,
    }),
  ]);
  // 1300 earned - 900 redeemed - 100 taken back + 700 earned - 700 repaid = the 300 shop points left.
  expect(second.settlement.totals.atClose.outstandingLiability).toBe(300);
  // -9.6 + 7.7 - 7.65 = -9.55: the network pays out more than it takes in this period.
  expect(second.settlement.netting).toMatchObject({
    marginExact: '-9.55',
    sumOfNets: { amount: '-9.55' },
    roundingResidue: '0',
  });
});
