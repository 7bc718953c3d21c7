import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { settlementSnapshot } from '../../settlement/support.js';
import { newKey } from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';
import { expectProblem, type SettledCoalition, settledCoalition } from './fixtures.js';

let app: TestApp;
let world: SettledCoalition;
beforeEach(async () => {
  app = await TestApp.create();
  world = await settledCoalition(app);
});
afterEach(async () => {
  await app.close();
});

/** Every field of a problem except the request id, which differs per request. */
const comparable = (body: Record<string, unknown>) => ({
  ...body,
  requestId: undefined,
  detail: String(body.detail).replace(/stl_\w+/, 'stl_X'),
});

describe('a partner sees only its own statement, lines and flows', () => {
  test("the shop's statement has its own column of the flow matrix and nothing of the pharmacy's", async () => {
    const response = await app.request('GET', `/v1/settlements/${world.settlementId}`, {
      token: await world.shop.token(),
    });
    expect(response.body.statement.flows).toEqual({
      issued: [],
      redeemed: [
        {
          issuerPartnerId: world.hotel.partner.id,
          pointsRedeemed: 300,
          pointsReturned: 0,
          points: 300,
          value: { amount: '3.00', currency: 'EUR' },
        },
      ],
    });
    expect(JSON.stringify(response.body)).not.toContain(world.pharmacy.partner.id);
  });

  test("the hotel sees its row: where its points went, and no other partner's amounts", async () => {
    const response = await app.request('GET', `/v1/settlements/${world.settlementId}`, {
      token: await world.hotel.token(),
    });
    expect(
      response.body.statement.flows.issued
        .map((flow: { redeemerPartnerId: string }) => flow.redeemerPartnerId)
        .sort(),
    ).toEqual([world.pharmacy.partner.id, world.shop.partner.id].sort());
    expect(response.body.statement.flows.redeemed).toEqual([]);
    expect(response.body).not.toHaveProperty('statements');
    expect(JSON.stringify(response.body)).not.toContain('-2.85'); // the shop's net
  });

  test("lines are the partner's own whatever partnerId it asks for", async () => {
    const response = await app.request(
      'GET',
      `/v1/settlements/${world.settlementId}/lines?partnerId=${world.hotel.partner.id}`,
      { token: await world.shop.token() },
    );
    expect(response.status).toBe(200);
    expect(
      response.body.data.map((line: { partnerId: string; kind: string }) => [line.partnerId, line.kind]),
    ).toEqual([[world.shop.partner.id, 'redeem']]);
  });

  test('a settlement without a statement for the partner is 404, exactly like one that does not exist', async () => {
    const late = await app.onboardPartner({ name: 'Late Bistro', settlementCurrency: 'EUR' });
    const token = await late.token();
    for (const suffix of ['', '.csv', '/lines']) {
      const existing = await app.request('GET', `/v1/settlements/${world.settlementId}${suffix}`, { token });
      const missing = await app.request('GET', `/v1/settlements/stl_01JD3Z6W3RM0E2F2WB7G0K3T9Q${suffix}`, {
        token,
      });
      expectProblem(existing, 404, 'settlement_not_found');
      expect(comparable(existing.body)).toEqual(comparable(missing.body));
    }
  });

  test('a partner cannot dispute or acknowledge a statement that is not its own, and nothing changes', async () => {
    const late = await app.onboardPartner({ name: 'Late Bistro', settlementCurrency: 'EUR' });
    const before = await settlementSnapshot(app);
    const dispute = await app.request('POST', `/v1/settlements/${world.settlementId}/disputes`, {
      token: await late.token(),
      idempotencyKey: newKey('dispute'),
      body: { transferIds: [world.hotelTransferId], reason: 'Not mine' },
    });
    expectProblem(dispute, 404, 'settlement_not_found');
    const acknowledge = await app.request('POST', `/v1/settlements/${world.settlementId}/acknowledge`, {
      token: await late.token(),
      idempotencyKey: newKey('ack'),
    });
    expectProblem(acknowledge, 404, 'settlement_not_found');
    expect(await settlementSnapshot(app)).toEqual(before);
  });

  test("a partner disputing another partner's line learns only that it is not among its own", async () => {
    const before = await settlementSnapshot(app);
    const response = await app.request('POST', `/v1/settlements/${world.settlementId}/disputes`, {
      token: await world.shop.token(),
      idempotencyKey: newKey('dispute'),
      body: { transferIds: [world.hotelTransferId], reason: 'Not mine' },
    });
    expectProblem(response, 422, 'dispute_line_not_found');
    expect(response.body.transferIds).toEqual([world.hotelTransferId]);
    expect(await settlementSnapshot(app)).toEqual(before);
  });
});
