import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { canonicalJson } from '../../src/domain/settlement/canonical-json.js';
import { sweepExpiredPoints } from '../../src/ledger/expiry.js';
import { type PartnerClient, partnerClient, publishRates } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import { closed, closeSettlement, statementIn } from './support.js';

/**
 * A small coalition settled by hand. Reference EUR, point value 0.01, 1 EUR = 1.0850 USD = 25.320 CZK.
 *   hotel    (USD) issue price 0.012 (0.013 from period 2), redeem rate 0.009
 *   shop     (EUR) earn rate 2, issue price 0.011, redeem rate 0.0095
 *   pharmacy (CZK) issue price 0.0125, redeem rate 0.0085
 * The scenario runs once, period by period; each test checks one period's figures.
 */
let app: TestApp;
let hotel: PartnerClient;
let shop: PartnerClient;
let pharmacy: PartnerClient;
const member: Record<string, string> = {};
const settlement: Record<number, any> = {};
let hotelRedeemTransferId: string;

beforeAll(async () => {
  app = await TestApp.create();
  await publishRates(app);
  hotel = await partnerClient(app, {
    name: 'Harbor Hotel',
    settlementCurrency: 'USD',
    earnRate: '1',
    issuePrice: '0.012',
    redeemRate: '0.009',
  });
  shop = await partnerClient(app, {
    name: 'Berlin Shop',
    sector: 'retail',
    country: 'DE',
    settlementCurrency: 'EUR',
    earnRate: '2',
    issuePrice: '0.011',
    redeemRate: '0.0095',
  });
  pharmacy = await partnerClient(app, {
    name: 'Prague Pharmacy',
    sector: 'pharmacy',
    country: 'CZ',
    settlementCurrency: 'CZK',
    earnRate: '1',
    issuePrice: '0.0125',
    redeemRate: '0.0085',
  });
  for (const [name, client] of [
    ['m1', hotel],
    ['m2', shop],
    ['m3', pharmacy],
    ['m4', hotel],
  ] as const)
    member[name] = await client.enrol();

  // Period 1.
  const earn1 = await hotel.earn({ memberId: member.m1, amount: { amount: '1085.00', currency: 'USD' } }); // 1000 points
  await shop.earn({ memberId: member.m2, amount: { amount: '250.00', currency: 'EUR' } }); // 500 points
  await pharmacy.earn({ memberId: member.m3, amount: { amount: '2532.00', currency: 'CZK' } }); // 100 points
  const atHotel = await hotel.redeem({ memberId: member.m2, points: 333 }); // shop's points at the hotel
  const atPharmacy = await pharmacy.redeem({ memberId: member.m1, points: 150 }); // hotel's points at the pharmacy
  settlement[1] = await closed(app);
  const lines = await app.request('GET', `/v1/settlements/${settlement[1].settlement.settlementId}/lines`, {
    token: await hotel.token(),
  });
  hotelRedeemTransferId = lines.body.data.find((line: { kind: string }) => line.kind === 'redeem').transferId;

  // Period 2: the hotel's price changes; a refund and a return of period-1 activity arrive late;
  // the hotel's dispute of a period-1 line is accepted.
  const patched = await app.request('PATCH', `/v1/partners/${hotel.partner.id}`, {
    token: await app.operatorToken(),
    body: { issuePrice: '0.013' },
  });
  expect(patched.status).toBe(200);
  await hotel.earn({ memberId: member.m4, amount: { amount: '217.00', currency: 'USD' } }); // 200 points at 0.013
  expect(
    (await hotel.reverse(earn1.body.id, { amount: { amount: '108.50', currency: 'USD' } })).body.points,
  ).toBe(100); // at 0.012
  expect((await pharmacy.reverse(atPharmacy.body.id, { points: 50 })).status).toBe(201);
  const dispute = await app.request(
    'POST',
    `/v1/settlements/${settlement[1].settlement.settlementId}/disputes`,
    {
      token: await hotel.token(),
      idempotencyKey: 'dispute-1',
      body: { transferIds: [hotelRedeemTransferId], reason: 'Redemption 333 was a test booking' },
    },
  );
  expect(dispute.status).toBe(201);
  const accepted = await app.request(
    'POST',
    `/v1/settlements/${settlement[1].settlement.settlementId}/disputes/${dispute.body.id}/resolution`,
    {
      token: await app.operatorToken(),
      body: {
        decision: 'accept',
        note: 'Goodwill credit for the test booking',
        adjustment: { direction: 'credit', amount: { amount: '0.50', currency: 'EUR' } },
      },
    },
  );
  expect(accepted.status).toBe(200);
  settlement[2] = await closed(app);
  void atHotel;

  // Period 3: 37 months later the sweep expires everything left.
  app.clock.advance(37 * 31 * 86_400_000);
  await sweepExpiredPoints(app.deps);
  await publishRates(app);
  settlement[3] = await closed(app);
});
afterAll(async () => {
  await app.close();
});

describe('period 1: earns and cross-partner redemptions', () => {
  test('the hotel (USD) pays 12.00 EUR of fees less 2.997 EUR of reimbursement, each line rounded, residue shown', () => {
    const statement = statementIn(settlement[1], hotel.partner.id);
    expect(statement.points).toMatchObject({
      issued: 1000,
      netIssued: 1000,
      redeemed: 333,
      netRedeemed: 333,
      transfers: 2,
    });
    expect(statement.lines).toEqual([
      { kind: 'earn', unitPrice: '0.012', points: 1000, transfers: 1, amountExact: '12' },
      { kind: 'redeem', unitPrice: '0.009', points: 333, transfers: 1, amountExact: '-2.997' },
    ]);
    expect(statement.reference).toEqual({
      issuanceFee: { amount: '12.00', currency: 'EUR' },
      reimbursement: { amount: '3.00', currency: 'EUR' },
      adjustments: { amount: '0.00', currency: 'EUR' },
      net: { amount: '9.00', currency: 'EUR' },
      netExact: '9.003',
      roundingResidue: '-0.003',
    });
    // 12 x 1.085 = 13.02; 2.997 x 1.085 = 3.251745 -> 3.25; exact 9.003 x 1.085 = 9.768255
    expect(statement.settlement).toEqual({
      issuanceFee: { amount: '13.02', currency: 'USD' },
      reimbursement: { amount: '3.25', currency: 'USD' },
      adjustments: { amount: '0.00', currency: 'USD' },
      net: { amount: '9.77', currency: 'USD' },
      netExact: '9.768255',
      roundingResidue: '0.001745',
    });
    expect(statement.payment).toEqual({
      direction: 'partner_pays',
      amount: { amount: '9.77', currency: 'USD' },
    });
    expect(statement.flows.issued).toEqual([
      {
        redeemerPartnerId: pharmacy.partner.id,
        pointsRedeemed: 150,
        pointsReturned: 0,
        points: 150,
        value: { amount: '1.50', currency: 'EUR' },
      },
    ]);
    expect(statement.flows.redeemed).toEqual([
      {
        issuerPartnerId: shop.partner.id,
        pointsRedeemed: 333,
        pointsReturned: 0,
        points: 333,
        value: { amount: '3.33', currency: 'EUR' },
      },
    ]);
  });

  test('the pharmacy (CZK) is owed: 1.25 EUR fee, 1.275 EUR reimbursement rounded half-even to 1.28', () => {
    const statement = statementIn(settlement[1], pharmacy.partner.id);
    expect(statement.reference).toMatchObject({
      issuanceFee: { amount: '1.25' },
      reimbursement: { amount: '1.28' },
      net: { amount: '-0.03' },
      netExact: '-0.025',
      roundingResidue: '-0.005',
    });
    // 1.25 x 25.32 = 31.65; 1.275 x 25.32 = 32.283 -> 32.28; exact -0.025 x 25.32 = -0.633
    expect(statement.settlement).toMatchObject({
      issuanceFee: { amount: '31.65', currency: 'CZK' },
      reimbursement: { amount: '32.28', currency: 'CZK' },
      net: { amount: '-0.63', currency: 'CZK' },
      netExact: '-0.633',
      roundingResidue: '0.003',
    });
    expect(statement.payment).toEqual({
      direction: 'network_pays',
      amount: { amount: '0.63', currency: 'CZK' },
    });
  });

  test('the shop (EUR, the reference currency) pays 500 x 0.011 = 5.50 EUR', () => {
    const statement = statementIn(settlement[1], shop.partner.id);
    expect(statement.reference.net).toEqual({ amount: '5.50', currency: 'EUR' });
    expect(statement.settlement.net).toEqual({ amount: '5.50', currency: 'EUR' });
    expect(statement.fx.rate).toBe('1');
  });

  test('nets and the network net sum to 0; the margin differs from the nets by the residue shown', () => {
    const document = settlement[1].settlement;
    expect(document.netting).toEqual({
      issuanceFeesExact: '18.75',
      reimbursementsExact: '4.272',
      adjustmentsExact: '0',
      marginExact: '14.478',
      // The network funded nothing itself in this period.
      networkFundedExact: '0',
      marginAfterNetworkFundedExact: '14.478',
      sumOfNets: { amount: '14.47', currency: 'EUR' },
      roundingResidue: '-0.008',
      networkNet: { amount: '-14.47', currency: 'EUR' },
    });
    expect(document.flows).toHaveLength(2);
    expect(document.totals.atClose).toMatchObject({
      issued: 1600,
      redeemed: 483,
      outstandingLiability: 1117,
      transfers: 5,
    });
    expect(document.period).toMatchObject({ previousSettlementId: null, fromSequence: 0, toSequence: 5 });
  });

  test('closing again with nothing new creates nothing and answers the newest settlement with 200', async () => {
    const response = await closeSettlement(app);
    expect(response.status).toBe(200);
    expect(response.body.settlement.settlementId).toBe(settlement[3].settlement.settlementId);
  });
});

describe('period 2: a reversal after the close, a price change and an accepted dispute', () => {
  test('the hotel: new earn at 0.013, the refund at the original 0.012, the 0.50 EUR credit', () => {
    const statement = statementIn(settlement[2], hotel.partner.id);
    expect(statement.period.previousSettlementId).toBe(settlement[1].settlement.settlementId);
    expect(statement.lines).toEqual([
      { kind: 'earn', unitPrice: '0.013', points: 200, transfers: 1, amountExact: '2.6' },
      { kind: 'earn_reversal', unitPrice: '0.012', points: 100, transfers: 1, amountExact: '-1.2' },
    ]);
    expect(statement.adjustments).toEqual([
      expect.objectContaining({
        direction: 'credit',
        amountExact: '-0.5',
        note: 'Goodwill credit for the test booking',
      }),
    ]);
    expect(statement.reference).toMatchObject({
      issuanceFee: { amount: '1.40' },
      adjustments: { amount: '-0.50' },
      net: { amount: '0.90' },
      netExact: '0.9',
      roundingResidue: '0',
    });
    // 1.4 x 1.085 = 1.519 -> 1.52; -0.5 x 1.085 = -0.5425 -> -0.54; exact 0.9765
    expect(statement.settlement).toMatchObject({
      issuanceFee: { amount: '1.52' },
      adjustments: { amount: '-0.54' },
      net: { amount: '0.98' },
      netExact: '0.9765',
      roundingResidue: '0.0035',
    });
  });

  test('the pharmacy pays back the 50 returned points: 0.425 EUR, 10.761 CZK', () => {
    const statement = statementIn(settlement[2], pharmacy.partner.id);
    expect(statement.points).toMatchObject({ redeemed: 0, redeemReturned: 50, netRedeemed: -50 });
    expect(statement.reference).toMatchObject({
      reimbursement: { amount: '-0.42' },
      net: { amount: '0.42' },
      netExact: '0.425',
      roundingResidue: '-0.005',
    });
    expect(statement.settlement).toMatchObject({
      reimbursement: { amount: '-10.76' },
      net: { amount: '10.76' },
      netExact: '10.761',
      roundingResidue: '-0.001',
    });
    expect(statement.flows.redeemed).toEqual([
      {
        issuerPartnerId: hotel.partner.id,
        pointsRedeemed: 0,
        pointsReturned: 50,
        points: -50,
        value: { amount: '-0.50', currency: 'EUR' },
      },
    ]);
  });

  test('period 1 did not change, and the adjustment is applied in period 2', async () => {
    const again = await app.request('GET', `/v1/settlements/${settlement[1].settlement.settlementId}`, {
      token: await app.operatorToken(),
    });
    expect(again.body.settlement).toEqual(settlement[1].settlement);
    expect(again.body.signature).toBe(settlement[1].signature);
    const hotelView = again.body.statements.find(
      (row: { partnerId: string }) => row.partnerId === hotel.partner.id,
    );
    expect(hotelView.disputes[0]).toMatchObject({
      status: 'accepted',
      adjustment: { appliedSettlementId: settlement[2].settlement.settlementId },
    });
  });

  test('netting: 0.90 + 0.42 = 1.32 against an exact margin of 1.325', () => {
    expect(settlement[2].settlement.netting).toMatchObject({
      marginExact: '1.325',
      sumOfNets: { amount: '1.32' },
      roundingResidue: '-0.005',
      networkNet: { amount: '-1.32' },
    });
    expect(settlement[2].settlement.totals.atClose.outstandingLiability).toBe(1267);
  });
});

describe('period 3: the expiry sweep lands in the period it ran in', () => {
  test('breakage per issuer, no money, and no liability left', () => {
    const document = settlement[3].settlement;
    expect(
      Object.fromEntries(
        document.breakage.map((row: { issuerPartnerId: string; points: number }) => [
          row.issuerPartnerId,
          row.points,
        ]),
      ),
    ).toEqual({
      [hotel.partner.id]: 1000,
      [shop.partner.id]: 167,
      [pharmacy.partner.id]: 100,
    });
    expect(document.totals.period.expired).toBe(1267);
    expect(document.totals.atClose.outstandingLiability).toBe(0);
    expect(statementIn(settlement[3], hotel.partner.id).points.expired).toBe(1000);
    expect(document.statements.every((row: { direction: string }) => row.direction === 'nothing_due')).toBe(
      true,
    );
    expect(settlement[2].settlement.totals.period.expired).toBe(0);
  });
});

describe('the signed documents are the recorded ones, to the byte', () => {
  const documents = (pick: (view: any) => unknown[]) =>
    normaliseIds([1, 2, 3].flatMap((number) => pick(settlement[number]).map(canonicalJson)).join('\n'));
  test('every partner statement of the three periods', async () => {
    await expect(documents((view) => view.statements.map((row: any) => row.statement))).toMatchFileSnapshot(
      './golden/hand-computed-statements.txt',
    );
  });

  test('every settlement document of the three periods', async () => {
    await expect(documents((view) => [view.settlement])).toMatchFileSnapshot(
      './golden/hand-computed-settlements.txt',
    );
  });
});

/**
 * Replaces every id (and statement digest, which covers ids) by its kind and the order in which
 * it first appears, so that two runs of the same scenario compare byte for byte.
 */
function normaliseIds(text: string): string {
  const seen = new Map<string, string>();
  const name = (value: string, prefix: string) => {
    let found = seen.get(value);
    if (found === undefined) {
      found = `${prefix}#${seen.size + 1}`;
      seen.set(value, found);
    }
    return found;
  };
  return text
    .replace(/\b([a-z]{2,4})_[0-9A-HJKMNP-TV-Z]{26}\b/g, (id, prefix: string) => name(id, prefix))
    .replace(
      /"digest":"([A-Za-z0-9_-]{43})"/g,
      (_match, digest: string) => `"digest":"${name(digest, 'digest')}"`,
    );
}
