import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { closed, settlementSnapshot, statementIn } from '../../settlement/support.js';
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

async function resolve(disputeId: string, body: Record<string, unknown>) {
  return app.request('POST', `/v1/settlements/${world.settlementId}/disputes/${disputeId}/resolution`, {
    token: await app.operatorToken(),
    body,
  });
}

describe('POST /v1/settlements/{settlementId}/acknowledge', () => {
  test('acknowledges once; a replay answers the same; a later acknowledgement keeps the first time', async () => {
    const path = `/v1/settlements/${world.settlementId}/acknowledge`;
    const first = await app.request('POST', path, {
      token: await world.hotel.token(),
      idempotencyKey: 'ack-1',
    });
    expect(first.status).toBe(200);
    expect(first.body.acknowledgedAt).toBe('2026-11-23T09:00:00.000Z');
    const replay = await app.request('POST', path, {
      token: await world.hotel.token(),
      idempotencyKey: 'ack-1',
    });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    app.clock.advance(60_000);
    const later = await app.request('POST', path, {
      token: await world.hotel.token(),
      idempotencyKey: 'ack-2',
    });
    expect(later.body.acknowledgedAt).toBe('2026-11-23T09:00:00.000Z');
  });

  test('without an Idempotency-Key it is 400 and changes nothing', async () => {
    const before = await settlementSnapshot(app);
    expectProblem(
      await app.request('POST', `/v1/settlements/${world.settlementId}/acknowledge`, {
        token: await world.hotel.token(),
      }),
      400,
      'idempotency_key_missing',
    );
    expect(await settlementSnapshot(app)).toEqual(before);
  });
});

describe('disputes', () => {
  test("a dispute names the partner's own lines; an unknown line is refused and nothing is written", async () => {
    const before = await settlementSnapshot(app);
    const refused = await app.request('POST', `/v1/settlements/${world.settlementId}/disputes`, {
      token: await world.hotel.token(),
      idempotencyKey: newKey('dispute'),
      body: { transferIds: [world.hotelTransferId, 'trf_01JD3Z6W3RM0E2F2WB7G0K3T9Q'], reason: 'Two lines' },
    });
    expectProblem(refused, 422, 'dispute_line_not_found');
    expect(refused.body.transferIds).toEqual(['trf_01JD3Z6W3RM0E2F2WB7G0K3T9Q']);
    expect(await settlementSnapshot(app)).toEqual(before);
    const empty = await app.request('POST', `/v1/settlements/${world.settlementId}/disputes`, {
      token: await world.hotel.token(),
      idempotencyKey: newKey('dispute'),
      body: { transferIds: [], reason: 'Nothing' },
    });
    expectProblem(empty, 422, 'validation_failed');
    expect(await settlementSnapshot(app)).toEqual(before);
  });

  test('accepted, it becomes a credit on the next statement; the closed statement never changes', async () => {
    const resolved = await resolve(world.disputeId, {
      decision: 'accept',
      note: 'Folio 1 cancelled',
      adjustment: { direction: 'credit', points: 125 },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      status: 'accepted',
      resolutionNote: 'Folio 1 cancelled',
      adjustment: {
        direction: 'credit',
        amountExact: '1.25',
        currency: 'EUR',
        points: 125,
        appliedSettlementId: null,
      },
    });
    const next = await closed(app); // nothing but the adjustment: an empty range carrying it
    expect(next.settlement.period).toMatchObject({
      fromSequence: world.view.settlement.period.toSequence,
      toSequence: world.view.settlement.period.toSequence,
    });
    const statement = statementIn(next, world.hotel.partner.id);
    expect(statement.adjustments).toEqual([
      expect.objectContaining({
        disputeId: world.disputeId,
        direction: 'credit',
        amountExact: '-1.25',
        points: 125,
      }),
    ]);
    // -1.25 EUR x 1.085 = -1.35625 -> -1.36 USD
    expect(statement.settlement.net).toEqual({ amount: '-1.36', currency: 'USD' });
    expect(next.settlement.netting.adjustmentsExact).toBe('-1.25');
    const original = await app.request('GET', `/v1/settlements/${world.settlementId}`, {
      token: await world.hotel.token(),
    });
    expect(original.body.statement).toEqual(statementIn(world.view, world.hotel.partner.id));
    expect(original.body.disputes[0].adjustment.appliedSettlementId).toBe(next.settlement.settlementId);
    // Settled once: the close after carries no adjustment.
    const again = await app.request('POST', '/v1/settlements', {
      token: await app.operatorToken(),
      body: {},
    });
    expect(again.status).toBe(200);
  });

  test('rejected with a reason the partner reads; a dispute is resolved once', async () => {
    const rejected = await resolve(world.disputeId, { decision: 'reject', reason: 'The folio stands' });
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      resolutionNote: 'The folio stands',
      adjustment: null,
    });
    const view = await app.request('GET', `/v1/settlements/${world.settlementId}`, {
      token: await world.hotel.token(),
    });
    expect(view.body.disputes).toEqual([rejected.body]);
    const before = await settlementSnapshot(app);
    expectProblem(
      await resolve(world.disputeId, {
        decision: 'accept',
        note: 'Changed my mind',
        adjustment: { direction: 'credit', points: 1 },
      }),
      409,
      'dispute_already_resolved',
    );
    expect(await settlementSnapshot(app)).toEqual(before);
  });

  test.each([
    [
      'an adjustment in another currency',
      {
        decision: 'accept',
        note: 'n',
        adjustment: { direction: 'credit', amount: { amount: '1.00', currency: 'USD' } },
      },
      422,
      'currency_mismatch',
    ],
    [
      'both amount and points',
      {
        decision: 'accept',
        note: 'n',
        adjustment: { direction: 'credit', amount: { amount: '1.00', currency: 'EUR' }, points: 5 },
      },
      422,
      'validation_failed',
    ],
    [
      'neither amount nor points',
      { decision: 'accept', note: 'n', adjustment: { direction: 'debit' } },
      422,
      'validation_failed',
    ],
    ['a rejection without reason', { decision: 'reject' }, 422, 'validation_failed'],
    ['an unknown decision', { decision: 'maybe' }, 422, 'validation_failed'],
  ])('%s is refused and nothing changes', async (_name, body, status, code) => {
    const before = await settlementSnapshot(app);
    expectProblem(await resolve(world.disputeId, body), status, code);
    expect(await settlementSnapshot(app)).toEqual(before);
  });

  test('an unknown dispute, or one of another settlement, is 404', async () => {
    expectProblem(
      await resolve('dsp_01JD3Z6W3RM0E2F2WB7G0K3T9Q', { decision: 'reject', reason: 'x' }),
      404,
      'dispute_not_found',
    );
  });
});
