import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { closeSettlement, settlementSnapshot } from '../../settlement/support.js';
import { type PartnerClient, partnerClient, publishRates } from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';
import { expectProblem } from './fixtures.js';

let app: TestApp;
let hotel: PartnerClient;
let fxSnapshotId: string;
beforeEach(async () => {
  app = await TestApp.create();
  fxSnapshotId = (await publishRates(app)).id;
  hotel = await partnerClient(app, { settlementCurrency: 'USD' });
  await hotel.earn({ memberId: await hotel.enrol(), amount: { amount: '108.50', currency: 'USD' } });
});
afterEach(async () => {
  await app.close();
});

describe('POST /v1/settlements', () => {
  test('closes the open period: 201, Location, the whole settlement with signed statements', async () => {
    const response = await closeSettlement(app);
    expect(response.status).toBe(201);
    const id = response.body.settlement.settlementId;
    expect(id).toMatch(/^stl_[0-9A-Z]{26}$/);
    expect(response.headers.get('location')).toBe(`/v1/settlements/${id}`);
    expect(response.body).toMatchObject({
      view: 'operator',
      settlement: {
        type: 'tessera.settlement.v1',
        number: 1,
        period: { fromSequence: 0, toSequence: 1, previousSettlementId: null },
        fx: { snapshotId: fxSnapshotId },
      },
      signature: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      statements: [
        {
          partnerId: hotel.partner.id,
          paymentStatus: 'open',
          acknowledgedAt: null,
          payments: [],
          disputes: [],
        },
      ],
    });
  });

  test('closing again at the same point creates nothing and answers 200 with the same settlement', async () => {
    const first = await closeSettlement(app);
    const before = await settlementSnapshot(app);
    const second = await closeSettlement(app, { fxSnapshotId });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(await settlementSnapshot(app)).toEqual(before);
  });

  test('activity after a close lands in the next period, which starts where the last ended', async () => {
    const first = await closeSettlement(app);
    await hotel.earn({ memberId: await hotel.enrol(), amount: { amount: '217.00', currency: 'USD' } });
    const second = await closeSettlement(app);
    expect(second.status).toBe(201);
    expect(second.body.settlement).toMatchObject({
      number: 2,
      period: { previousSettlementId: first.body.settlement.settlementId, fromSequence: 1, toSequence: 2 },
    });
    expect(second.body.settlement.totals.period.issued).toBe(200);
  });

  test('an explicit FX snapshot is used even when it is old; the newest must be fresh', async () => {
    app.clock.advance(49 * 3_600_000);
    const before = await settlementSnapshot(app);
    const stale = await closeSettlement(app);
    expectProblem(stale, 422, 'fx_rate_stale');
    expect(await settlementSnapshot(app)).toEqual(before);
    const chosen = await closeSettlement(app, { fxSnapshotId });
    expect(chosen.status).toBe(201);
    expect(chosen.body.settlement.fx).toEqual({
      snapshotId: fxSnapshotId,
      asOf: '2026-11-23T09:00:00.000Z',
      rates: { USD: '1.0850' },
    });
  });

  test('an unknown FX snapshot is 404 and closes nothing', async () => {
    const before = await settlementSnapshot(app);
    expectProblem(
      await closeSettlement(app, { fxSnapshotId: 'fx_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
      404,
      'fx_snapshot_not_found',
    );
    expect(await settlementSnapshot(app)).toEqual(before);
  });

  test('a partner currency the snapshot has no rate for is 422 and closes nothing', async () => {
    await partnerClient(app, { name: 'Oslo Hotel', country: 'NO', settlementCurrency: 'NOK' });
    const before = await settlementSnapshot(app);
    const response = await closeSettlement(app);
    expectProblem(response, 422, 'fx_rate_missing');
    expect(response.body.currency).toBe('NOK');
    expect(await settlementSnapshot(app)).toEqual(before);
  });

  test('an unknown body field is 422 and closes nothing', async () => {
    const before = await settlementSnapshot(app);
    expectProblem(await closeSettlement(app, { upTo: 12 }), 422, 'validation_failed');
    expect(await settlementSnapshot(app)).toEqual(before);
  });

  test('without any FX snapshot published, the close is refused', async () => {
    const empty = await TestApp.create();
    try {
      expectProblem(await closeSettlement(empty), 404, 'fx_snapshot_not_found');
    } finally {
      await empty.close();
    }
  });
});
