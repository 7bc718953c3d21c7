import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { reviewDueStatuses } from '../../src/status/sweep.js';
import { expectEventsReplayTheLedger } from '../events/replay.js';
import { publishTiers } from '../status/fixtures.js';
import {
  expectLedgerInvariants,
  expectTransactionInvariants,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import { closed, statementIn } from './support.js';

/**
 * Status in settlement, computed by hand. Silver (100 credits) earns 1.5x paid by the network;
 * Gold (1,000) earns 2x paid by the partner the member earns at. Reference EUR, point value 0.01.
 *   hotel (USD) issue price 0.012; shop (EUR, 2 points a euro) issue price 0.011, redeem rate 0.0095.
 *   m1: 1,000 points at the hotel (Gold), then 100 at the shop with a 100-point bonus the shop pays;
 *       half of the shop purchase is refunded (50 points and 50 bonus points back); redeems 333 at the shop.
 *   m2: 100 at the hotel (Silver), then 200 with a 100-point bonus the network pays.
 *   m3: 950 at the hotel; the year ends 50 short of Gold and the network gives them (50 credits, 50 points).
 */
let app: TestApp;
let hotel: PartnerClient;
let shop: PartnerClient;
let settlement: any;

const TIERS = [
  {
    code: 'silver',
    name: 'Silver',
    threshold: 100,
    lifetimeAfterYears: null,
    benefits: {
      description: '1.5x',
      earnMultiplier: { multiplier: '1.5', fundedBy: 'network' },
      roomUpgradeEligible: false,
      perks: [],
    },
  },
  {
    code: 'gold',
    name: 'Gold',
    threshold: 1000,
    lifetimeAfterYears: null,
    benefits: {
      description: '2x',
      earnMultiplier: { multiplier: '2', fundedBy: 'partner' },
      roomUpgradeEligible: true,
      perks: [],
    },
  },
];

beforeAll(async () => {
  app = await TestApp.create();
  await publishRates(app);
  hotel = await partnerClient(app, { name: 'Harbor Hotel', settlementCurrency: 'USD' });
  shop = await partnerClient(app, {
    name: 'Berlin Shop',
    sector: 'retail',
    country: 'DE',
    settlementCurrency: 'EUR',
    earnRate: '2',
    issuePrice: '0.011',
    redeemRate: '0.0095',
  });
  await publishTiers(app, TIERS);
  const [m1, m2, m3] = [await hotel.enrol(), await hotel.enrol(), await hotel.enrol()];
  await hotel.earn({ memberId: m1, amount: { amount: '1085.00', currency: 'USD' } });
  const atShop = await shop.earn({ memberId: m1, amount: { amount: '50.00', currency: 'EUR' } });
  expect(atShop.body.tierBonus).toMatchObject({ tier: 'gold', points: 100, fundedBy: 'partner' });
  const refund = await shop.reverse(atShop.body.id, { amount: { amount: '25.00', currency: 'EUR' } });
  expect(refund.body).toMatchObject({ points: 50, tierBonus: { points: 50, fundedBy: 'partner' } });
  expect((await shop.redeem({ memberId: m1, points: 333 })).status).toBe(201);
  await hotel.earn({ memberId: m2, amount: { amount: '108.50', currency: 'USD' } });
  const bonus = await hotel.earn({ memberId: m2, amount: { amount: '217.00', currency: 'USD' } });
  expect(bonus.body.tierBonus).toMatchObject({ tier: 'silver', points: 100, fundedBy: 'network' });
  await hotel.earn({ memberId: m3, amount: { amount: '1030.75', currency: 'USD' } });
  app.clock.nowMs = Date.parse('2027-01-01T00:17:00Z');
  await reviewDueStatuses(app.deps);
  await publishRates(app);
  settlement = await closed(app);
});
afterAll(async () => {
  await app.close();
});

describe('status in settlement', () => {
  test("a partner-funded bonus is issued on the partner's statement at its issue price, and its refund given back", () => {
    const statement = statementIn(settlement, shop.partner.id);
    expect(statement.points).toMatchObject({
      issued: 200,
      issueReversed: 100,
      netIssued: 100,
      redeemed: 333,
    });
    expect(statement.lines).toEqual([
      { kind: 'earn', unitPrice: '0.011', points: 100, transfers: 1, amountExact: '1.1' },
      { kind: 'earn_reversal', unitPrice: '0.011', points: 50, transfers: 1, amountExact: '-0.55' },
      { kind: 'redeem', unitPrice: '0.0095', points: 333, transfers: 1, amountExact: '-3.1635' },
      { kind: 'tier_bonus_partner', unitPrice: '0.011', points: 100, transfers: 1, amountExact: '1.1' },
      {
        kind: 'tier_bonus_partner_reversal',
        unitPrice: '0.011',
        points: 50,
        transfers: 1,
        amountExact: '-0.55',
      },
    ]);
    expect(statement.reference).toEqual({
      issuanceFee: { amount: '1.10', currency: 'EUR' },
      reimbursement: { amount: '3.16', currency: 'EUR' },
      adjustments: { amount: '0.00', currency: 'EUR' },
      net: { amount: '-2.06', currency: 'EUR' },
      netExact: '-2.0635',
      roundingResidue: '0.0035',
    });
  });

  test('network-funded bonuses and the gap gift are on no statement: the hotel pays for its earns only', () => {
    const statement = statementIn(settlement, hotel.partner.id);
    expect(statement.lines).toEqual([
      { kind: 'earn', unitPrice: '0.012', points: 2250, transfers: 4, amountExact: '27' },
    ]);
    expect(statement.reference.net).toEqual({ amount: '27.00', currency: 'EUR' });
    // 27 x 1.085 = 29.295, half-even to 29.30.
    expect(statement.settlement).toMatchObject({
      net: { amount: '29.30', currency: 'USD' },
      roundingResidue: '0.005',
    });
  });

  test("the gift and the network's bonus are the network's cost, beside its margin", () => {
    const document = settlement.settlement;
    expect(document.networkFunded).toEqual([
      { kind: 'gap_gift', unitPrice: '0.01', points: 50, transfers: 1, amountExact: '0.5' },
      { kind: 'tier_bonus_network', unitPrice: '0.01', points: 100, transfers: 1, amountExact: '1' },
    ]);
    expect(document.totals.period.networkFunded).toBe(150);
    expect(document.unclassified).toEqual([]);
    expect(document.netting).toEqual({
      issuanceFeesExact: '28.1',
      reimbursementsExact: '3.1635',
      adjustmentsExact: '0',
      marginExact: '24.9365',
      networkFundedExact: '1.5',
      marginAfterNetworkFundedExact: '23.4365',
      sumOfNets: { amount: '24.94', currency: 'EUR' },
      roundingResidue: '0.0035',
      networkNet: { amount: '-24.94', currency: 'EUR' },
    });
  });

  test('every statement and the network still sum to zero, the residue shown', () => {
    const document = settlement.settlement;
    const minor = (amount: string) => Math.round(Number(amount) * 100);
    const nets = document.statements.reduce(
      (total: number, each: { netReference: { amount: string } }) => total + minor(each.netReference.amount),
      0,
    );
    expect(nets + minor(document.netting.networkNet.amount)).toBe(0);
  });

  test('the ledger holds, and the outbox replays to the same wallets', async () => {
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
    await expectEventsReplayTheLedger(app);
  });

  test('the network summary shows the same cost, kind by kind', async () => {
    const summary = await app.request('GET', '/v1/network/summary', { token: await app.operatorToken() });
    expect(summary.body.toDate).toMatchObject({
      networkFundedExact: '1.5',
      networkFunded: [
        { kind: 'gap_gift', points: 50, amountExact: '0.5' },
        { kind: 'tier_bonus_network', points: 100, amountExact: '1' },
      ],
    });
  });
});
