import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { closed, statementIn } from '../../settlement/support.js';
import { type PartnerClient, partnerClient, publishRates } from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';
import { expectProblem } from './fixtures.js';

let app: TestApp;
let hotel: PartnerClient;
let shop: PartnerClient;
beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
  hotel = await partnerClient(app, { settlementCurrency: 'USD', issuePrice: '0.012', redeemRate: '0.009' });
  shop = await partnerClient(app, {
    name: 'Shop',
    settlementCurrency: 'EUR',
    issuePrice: '0.011',
    redeemRate: '0.0095',
  });
});
afterEach(async () => {
  await app.close();
});

describe('GET /v1/settlements/{settlementId}/lines', () => {
  test("each line carries the partner's own reference, and the lines add up to the statement", async () => {
    const memberId = await hotel.enrol();
    const earn = await hotel.earn(
      { memberId, amount: { amount: '217.00', currency: 'USD' }, externalReference: 'folio-9' },
      'earn-key-9',
    );
    await hotel.redeem({ memberId, points: 50, externalReference: 'spa-3' }, 'redeem-key-3');
    await hotel.reverse(
      earn.body.id,
      { amount: { amount: '21.70', currency: 'USD' }, externalReference: 'refund-1' },
      'refund-key-1',
    );
    const view = await closed(app);
    const response = await app.request('GET', `/v1/settlements/${view.settlement.settlementId}/lines`, {
      token: await hotel.token(),
    });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual([
      expect.objectContaining({
        kind: 'earn',
        points: 200,
        unitPrice: '0.012',
        amountExact: '2.4',
        transactionId: earn.body.id,
        externalReference: 'folio-9',
        idempotencyKey: 'earn-key-9',
      }),
      expect.objectContaining({
        kind: 'redeem',
        points: 50,
        unitPrice: '0.009',
        amountExact: '-0.45',
        externalReference: 'spa-3',
        idempotencyKey: 'redeem-key-3',
      }),
      expect.objectContaining({
        kind: 'earn_reversal',
        points: 20,
        unitPrice: '0.012',
        amountExact: '-0.24',
        externalReference: 'refund-1',
        idempotencyKey: 'refund-key-1',
      }),
    ]);
    const statement = statementIn(view, hotel.partner.id);
    const total = response.body.data.reduce(
      (sum: number, line: { amountExact: string }) => sum + Math.round(Number(line.amountExact) * 1000),
      0,
    );
    expect(total / 1000).toBe(Number(statement.reference.netExact));
  });

  test('pages by sequence with a cursor', async () => {
    const memberId = await hotel.enrol();
    for (let count = 0; count < 5; count += 1)
      await hotel.earn({ memberId, amount: { amount: '10.85', currency: 'USD' } });
    const view = await closed(app);
    const token = await hotel.token();
    const path = `/v1/settlements/${view.settlement.settlementId}/lines`;
    const first = await app.request('GET', `${path}?limit=2`, { token });
    expect(first.body.data.map((line: { sequence: number }) => line.sequence)).toEqual([1, 2]);
    expect(first.body.nextCursor).toBe('2');
    const second = await app.request('GET', `${path}?limit=2&cursor=2`, { token });
    expect(second.body.data.map((line: { sequence: number }) => line.sequence)).toEqual([3, 4]);
    const last = await app.request('GET', `${path}?limit=2&cursor=4`, { token });
    expect(last.body).toMatchObject({ data: [{ sequence: 5 }], nextCursor: null });
    expectProblem(await app.request('GET', `${path}?cursor=abc`, { token }), 422, 'validation_failed');
  });

  test('lines stop at the period: later activity belongs to the next settlement', async () => {
    const memberId = await hotel.enrol();
    await hotel.earn({ memberId, amount: { amount: '10.85', currency: 'USD' } });
    const view = await closed(app);
    await hotel.earn({ memberId, amount: { amount: '21.70', currency: 'USD' } });
    const response = await app.request('GET', `/v1/settlements/${view.settlement.settlementId}/lines`, {
      token: await hotel.token(),
    });
    expect(response.body.data).toHaveLength(1);
  });

  test("a debt repaid from another partner's earn shows no transaction or reference of that partner", async () => {
    const memberId = await hotel.enrol();
    const earn = await hotel.earn({ memberId, amount: { amount: '108.50', currency: 'USD' } }); // 100 points
    await shop.redeem({ memberId, points: 100 });
    await hotel.reverse(earn.body.id, {}); // all 100 owed
    const shopEarn = await shop.earn(
      { memberId, amount: { amount: '60.00', currency: 'EUR' }, externalReference: 'shop-secret-ref' },
      'shop-secret-key',
    );
    expect(shopEarn.body.pointsRepaid).toBe(60);
    const view = await closed(app);
    const response = await app.request('GET', `/v1/settlements/${view.settlement.settlementId}/lines`, {
      token: await hotel.token(),
    });
    const repayment = response.body.data.find((line: { kind: string }) => line.kind === 'debt_repayment');
    expect(repayment).toMatchObject({
      points: 60,
      unitPrice: '0.012',
      amountExact: '-0.72',
      transactionId: null,
      externalReference: null,
      idempotencyKey: null,
    });
    expect(JSON.stringify(response.body)).not.toContain('shop-secret');
    expect(JSON.stringify(response.body)).not.toContain(shopEarn.body.id);
  });

  test("the operator reads every line, or one partner's, including the network's expiry", async () => {
    const memberId = await hotel.enrol();
    await hotel.earn({ memberId, amount: { amount: '10.85', currency: 'USD' } });
    await shop.earn({ memberId, amount: { amount: '5.00', currency: 'EUR' } });
    const view = await closed(app);
    const token = await app.operatorToken();
    const all = await app.request('GET', `/v1/settlements/${view.settlement.settlementId}/lines`, { token });
    expect(all.body.data).toHaveLength(2);
    const one = await app.request(
      'GET',
      `/v1/settlements/${view.settlement.settlementId}/lines?partnerId=${shop.partner.id}`,
      { token },
    );
    expect(one.body.data.map((line: { partnerId: string }) => line.partnerId)).toEqual([shop.partner.id]);
  });
});
