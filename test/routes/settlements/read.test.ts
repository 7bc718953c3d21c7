import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { closed } from '../../settlement/support.js';
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

describe('GET /v1/settlements/{settlementId}', () => {
  test('the operator reads the settlement document, its signature and every statement', async () => {
    const response = await app.request('GET', `/v1/settlements/${world.settlementId}`, {
      token: await app.operatorToken(),
    });
    expect(response.status).toBe(200);
    expect(response.body.settlement).toEqual(world.view.settlement);
    expect(response.body.statements.map((row: { partnerId: string }) => row.partnerId).sort()).toEqual(
      [world.hotel.partner.id, world.shop.partner.id, world.pharmacy.partner.id].sort(),
    );
    expect(response.body.settlement.flows).toEqual(
      [
        expect.objectContaining({
          issuerPartnerId: world.hotel.partner.id,
          redeemerPartnerId: world.shop.partner.id,
          points: 300,
          value: { amount: '3.00', currency: 'EUR' },
        }),
        expect.objectContaining({
          issuerPartnerId: world.hotel.partner.id,
          redeemerPartnerId: world.pharmacy.partner.id,
          points: 100,
        }),
      ].sort((a, b) => (a.redeemerPartnerId < b.redeemerPartnerId ? -1 : 1)),
    );
  });

  test('a partner reads its own statement with its status and disputes', async () => {
    const response = await app.request('GET', `/v1/settlements/${world.settlementId}`, {
      token: await world.hotel.token(),
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      view: 'partner',
      settlementId: world.settlementId,
      partnerId: world.hotel.partner.id,
      statement: {
        partner: { id: world.hotel.partner.id },
        payment: { direction: 'partner_pays', amount: { amount: '13.02', currency: 'USD' } },
      },
      paymentStatus: 'open',
      outstanding: { amount: '13.02', currency: 'USD' },
      disputes: [{ id: world.disputeId, status: 'open', transferIds: [world.hotelTransferId] }],
    });
    expect(response.body.settlement).toBeUndefined();
  });

  test('an unknown settlement is 404', async () => {
    expectProblem(
      await app.request('GET', '/v1/settlements/stl_01JD3Z6W3RM0E2F2WB7G0K3T9Q', {
        token: await app.operatorToken(),
      }),
      404,
      'settlement_not_found',
    );
  });
});

describe('GET /v1/settlements', () => {
  test('the operator pages through settlements, newest first', async () => {
    await world.hotel.earn({ memberId: world.memberId, amount: { amount: '10.85', currency: 'USD' } });
    const second = await closed(app);
    const token = await app.operatorToken();
    const first = await app.request('GET', '/v1/settlements?limit=1', { token });
    expect(first.body).toMatchObject({
      view: 'operator',
      data: [{ id: second.settlement.settlementId, number: 2 }],
      nextCursor: second.settlement.settlementId,
    });
    const next = await app.request('GET', `/v1/settlements?limit=1&cursor=${first.body.nextCursor}`, {
      token,
    });
    expect(next.body).toMatchObject({
      data: [{ id: world.settlementId, number: 1, netting: world.view.settlement.netting }],
      nextCursor: null,
    });
  });

  test('a partner lists its own statements only', async () => {
    const response = await app.request('GET', '/v1/settlements', { token: await world.shop.token() });
    expect(response.body).toEqual({
      view: 'partner',
      data: [
        {
          settlementId: world.settlementId,
          number: 1,
          closedAt: '2026-11-23T09:00:00.000Z',
          net: { amount: '-2.85', currency: 'EUR' },
          acknowledgedAt: null,
        },
      ],
      nextCursor: null,
    });
  });

  test('a partner onboarded after the close has no statement to list', async () => {
    const late = await app.onboardPartner({ name: 'Late Bistro', settlementCurrency: 'EUR' });
    const response = await app.request('GET', '/v1/settlements', { token: await late.token() });
    expect(response.body).toEqual({ view: 'partner', data: [], nextCursor: null });
  });
});

describe('GET /v1/settlements/{settlementId}.csv', () => {
  test('a partner downloads its statement as CSV', async () => {
    const response = await app.request('GET', `/v1/settlements/${world.settlementId}.csv`, {
      token: await world.hotel.token(),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="${world.settlementId}-${world.hotel.partner.id}.csv"`,
    );
    const rows = (response.body as string).trim().split('\r\n');
    expect(rows[0]).toBe(
      'settlement_id,partner_id,record,name,unit_price,points,reference_exact,reference_amount,settlement_currency,settlement_amount',
    );
    const prefix = `${world.settlementId},${world.hotel.partner.id}`;
    expect(rows).toContain(`${prefix},transfers,earn,0.012,1000,12,,,`);
    expect(rows).toContain(`${prefix},total,net,,,,12.00,USD,13.02`);
    expect(rows).toContain(`${prefix},flow_issued,${world.shop.partner.id},,300,,3.00,,`);
  });

  test('the operator downloads the payment instructions, whose columns net to zero', async () => {
    const response = await app.request('GET', `/v1/settlements/${world.settlementId}.csv`, {
      token: await app.operatorToken(),
    });
    expect(response.status).toBe(200);
    const rows = (response.body as string)
      .trim()
      .split('\r\n')
      .slice(1)
      .map((row) => row.split(','));
    expect(rows).toHaveLength(4);
    const sum = rows.reduce((total, row) => total + Math.round(Number(row[5]) * 100), 0);
    expect(sum).toBe(0);
    expect(response.headers.get('tessera-signature')).toBe(world.view.signature);
  });

  test('an unknown settlement is 404 as a problem, not a CSV', async () => {
    expectProblem(
      await app.request('GET', '/v1/settlements/stl_01JD3Z6W3RM0E2F2WB7G0K3T9Q.csv', {
        token: await app.operatorToken(),
      }),
      404,
      'settlement_not_found',
    );
  });

  test('the OpenAPI document describes the .csv path', async () => {
    const document = await app.request('GET', '/openapi.json');
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/settlements/{settlementId}.csv',
        '/v1/settlements/{settlementId}',
        '/v1/network/summary',
      ]),
    );
    expect(Object.keys(document.body.paths).some((path) => path.includes('[^/]'))).toBe(false);
  });
});
