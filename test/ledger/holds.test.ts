import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { sweepExpiredPoints } from '../../src/ledger/expiry.js';
import {
  expectLedgerInvariants,
  expectTransactionInvariants,
  interleaveDatabaseCalls,
  ledgerSnapshot,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../support/coalition.js';
import { TestApp } from '../support/harness.js';

/** Two-phase earn: a hold is pending, not spendable, and is captured or voided exactly once, or expires. */
let app: TestApp;
let hotel: PartnerClient;
beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
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
const read = async (transactionId: string) =>
  (await app.request('GET', `/v1/transactions/${transactionId}`, { token: await hotel.token() })).body;
const earnTransfers = async () =>
  (await ledgerSnapshot(app)).transfers.filter((transfer) => (transfer as { kind: string }).kind === 'earn');

/** A hold of 434.00 USD: 434.00 / 1.0850 = 400 points exactly. */
async function holdOf400(memberId: string, hold: Record<string, unknown> = {}) {
  const response = await hotel.earn({ memberId, amount: { amount: '434.00', currency: 'USD' }, hold });
  expect(response.body).toMatchObject({ status: 'pending', points: 400 });
  return response.body.id as string;
}

describe('a hold resolves exactly once under concurrent attempts', () => {
  // The attempts read the hold as pending together; only the guard in the batch tells them apart.
  beforeEach(() => interleaveDatabaseCalls(app));

  test('capture and void fired together at five holds: each hold is captured or voided, never both', async () => {
    const memberId = await hotel.enrol();
    const holds = [];
    for (let count = 0; count < 5; count += 1) holds.push(await holdOf400(memberId));
    const outcomes = await Promise.all(
      holds.map((holdId) => Promise.all([hotel.capture(holdId), hotel.void(holdId)])),
    );
    let captured = 0;
    for (const [index, [capture, voided]] of outcomes.entries()) {
      expect([capture.status, voided.status].sort()).toEqual([200, 409]);
      const loser = capture.status === 409 ? capture : voided;
      expect(loser.body.code).toBe('hold_not_pending');
      const winner = capture.status === 200 ? 'captured' : 'voided';
      expect((await read(holds[index]!)).status).toBe(winner);
      if (winner === 'captured') captured += 1;
    }
    expect(await earnTransfers()).toHaveLength(captured);
    expect(await hotel.balance(memberId)).toMatchObject({ available: 400 * captured, pending: 0 });
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
  });

  test('10 captures fired together: one succeeds, nine are 409 hold_not_pending, the points are credited once', async () => {
    const memberId = await hotel.enrol();
    const holdId = await holdOf400(memberId);
    const responses = await Promise.all(Array.from({ length: 10 }, () => hotel.capture(holdId)));
    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    const refused = responses.filter((response) => response.status !== 200);
    expect(refused.map((response) => [response.status, response.body.code])).toEqual(
      Array.from({ length: 9 }, () => [409, 'hold_not_pending']),
    );
    expect(await earnTransfers()).toHaveLength(1);
    expect(await hotel.balance(memberId)).toMatchObject({ available: 400, pending: 0 });
    await expectLedgerInvariants(app);
  });

  test('10 voids fired together: one succeeds, nothing is ever credited', async () => {
    const memberId = await hotel.enrol();
    const holdId = await holdOf400(memberId);
    const responses = await Promise.all(Array.from({ length: 10 }, () => hotel.void(holdId)));
    expect(responses.map((response) => response.status).sort()).toEqual([
      200,
      ...Array.from({ length: 9 }, () => 409),
    ]);
    expect(await earnTransfers()).toHaveLength(0);
    expect(await hotel.balance(memberId)).toMatchObject({ available: 0, pending: 0 });
  });
});

describe('pending, captured in part, released', () => {
  test('a pending hold is visible but not spendable', async () => {
    const memberId = await hotel.enrol();
    await holdOf400(memberId);
    expect(await hotel.balance(memberId)).toMatchObject({ available: 0, pending: 400 });
    const before = await ledgerSnapshot(app);
    const redeemed = await hotel.redeem({ memberId, points: 1 });
    expect(redeemed.status).toBe(422);
    expect(redeemed.body).toMatchObject({ code: 'insufficient_points', availablePoints: 0 });
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test('a partial capture credits its share, rounded down, and releases the rest', async () => {
    const memberId = await hotel.enrol();
    const holdId = await holdOf400(memberId);
    // floor(400 * 100.00 / 434.00) = floor(92.165...) = 92
    const captured = await hotel.capture(holdId, { amount: { amount: '100.00', currency: 'USD' } });
    expect(captured.status).toBe(200);
    expect(captured.body).toMatchObject({
      status: 'captured',
      points: 400,
      hold: { pointsCaptured: 92, amountCaptured: { amount: '100.00', currency: 'USD' } },
      resolvedAt: '2026-11-23T09:00:00.000Z',
    });
    expect(await hotel.balance(memberId)).toMatchObject({ available: 92, pending: 0 });
    const again = await hotel.capture(holdId);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'hold_not_pending', holdStatus: 'captured' });
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
  });

  test('a captured hold is refunded against what was captured, never the held amount', async () => {
    const memberId = await hotel.enrol();
    const holdId = await holdOf400(memberId);
    await hotel.capture(holdId, { amount: { amount: '217.00', currency: 'USD' } });
    // floor(400 * 217 / 434) = 200 captured; refunding 108.50 of the 217.00 takes back floor(200 / 2) = 100
    expect((await hotel.reverse(holdId, { amount: { amount: '108.50', currency: 'USD' } })).body.points).toBe(
      100,
    );
    const before = await ledgerSnapshot(app);
    const beyond = await hotel.reverse(holdId, { amount: { amount: '108.51', currency: 'USD' } });
    expect(beyond.status).toBe(422);
    expect(beyond.body).toMatchObject({ code: 'reversal_exceeds_original', remainingMinor: '10850' });
    expect(await ledgerSnapshot(app)).toEqual(before);
    expect((await hotel.reverse(holdId)).body.points).toBe(100);
    expect(await read(holdId)).toMatchObject({
      pointsReversed: 200,
      amountReversed: { amount: '217.00', currency: 'USD' },
    });
    await expectTransactionInvariants(app);
  });
});

describe('an expired hold cannot be captured', () => {
  test('past its expiry a hold is 409 hold_expired to capture and to void, and nothing is written', async () => {
    const memberId = await hotel.enrol();
    const holdId = await holdOf400(memberId, { expiresAt: '2026-11-24T09:00:00Z' });
    app.clock.advance(DAY_MS);
    expect(await hotel.balance(memberId)).toMatchObject({ available: 0, pending: 0 });
    const before = await ledgerSnapshot(app);
    const captured = await hotel.capture(holdId);
    expect(captured.status).toBe(409);
    expect(captured.body.code).toBe('hold_expired');
    expect(captured.body.detail).toContain('2026-11-24T09:00:00.000Z');
    const voided = await hotel.void(holdId);
    expect(voided.status).toBe(409);
    expect(voided.body.code).toBe('hold_expired');
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test('one millisecond before its expiry a hold can still be captured', async () => {
    const memberId = await hotel.enrol();
    const holdId = await holdOf400(memberId, { expiresAt: '2026-11-24T09:00:00Z' });
    app.clock.advance(DAY_MS - 1);
    expect((await hotel.capture(holdId)).status).toBe(200);
  });

  test('the sweep marks lapsed holds expired; the default hold lasts 30 days', async () => {
    const memberId = await hotel.enrol();
    const holdId = await holdOf400(memberId);
    expect((await read(holdId)).hold.expiresAt).toBe('2026-12-23T09:00:00.000Z');
    app.clock.advance(30 * DAY_MS);
    expect(await sweepExpiredPoints(app.deps)).toEqual({ lotsExpired: 0, pointsExpired: 0, holdsExpired: 1 });
    expect(await read(holdId)).toMatchObject({ status: 'expired', resolvedAt: '2026-12-23T09:00:00.000Z' });
    const before = await ledgerSnapshot(app);
    const captured = await hotel.capture(holdId);
    expect(captured.status).toBe(409);
    expect(captured.body).toMatchObject({ code: 'hold_not_pending', holdStatus: 'expired' });
    expect(await ledgerSnapshot(app)).toEqual(before);
    expect(await sweepExpiredPoints(app.deps)).toEqual({ lotsExpired: 0, pointsExpired: 0, holdsExpired: 0 });
  });
});
