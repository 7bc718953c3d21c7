import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  callerMatrix,
  callerToken,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';

let app: TestApp;
let hotel: PartnerClient;
let pharmacy: PartnerClient;
let memberId: string;
beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
  hotel = await partnerClient(app, {
    name: 'Harbor Hotel San Diego',
    sector: 'hotel',
    country: 'US',
    settlementCurrency: 'USD',
    earnRate: '1',
  });
  pharmacy = await partnerClient(app, {
    name: 'Lékárna U Anděla',
    sector: 'pharmacy',
    country: 'CZ',
    settlementCurrency: 'CZK',
    earnRate: '1',
  });
  memberId = await hotel.enrol();
});
afterEach(async () => {
  await app.close();
});

const MINUTE_MS = 60_000;
const at = (minutes: number) =>
  new Date(Date.parse('2026-11-23T09:00:00.000Z') + minutes * MINUTE_MS).toISOString();
const activity = async (member: string, query = '') =>
  app.request('GET', `/v1/me/activity${query}`, { token: await app.memberToken(member) });

/** One of everything, a minute apart; answers the ids in the order they happened. */
async function history(member: string) {
  const ids: string[] = [];
  const step = async (write: Promise<{ body: { id: string } }>) => {
    ids.push((await write).body.id);
    app.clock.advance(MINUTE_MS);
  };
  await step(hotel.earn({ memberId: member, amount: { amount: '108.50', currency: 'USD' } })); // +100
  await step(hotel.earn({ memberId: member, amount: { amount: '434.00', currency: 'USD' }, hold: {} })); // 400 held
  await step(pharmacy.earn({ memberId: member, amount: { amount: '253.20', currency: 'CZK' } })); // 253.20 / 25.320 = +10
  await step(pharmacy.redeem({ memberId: member, points: 30 })); // -30
  await step(pharmacy.reverse(ids[3]!, { points: 5 })); // +5 returned
  await step(hotel.reverse(ids[0]!, { amount: { amount: '54.25', currency: 'USD' } })); // floor(100 * 54.25 / 108.50) = -50
  return ids;
}

describe('GET /v1/me/activity', () => {
  test('newest first, each with its partner, original amount and signed points', async () => {
    const ids = await history(memberId);
    const hotelView = {
      id: hotel.partner.id,
      name: 'Harbor Hotel San Diego',
      sector: 'hotel',
      country: 'US',
    };
    const pharmacyView = {
      id: pharmacy.partner.id,
      name: 'Lékárna U Anděla',
      sector: 'pharmacy',
      country: 'CZ',
    };
    const response = await activity(memberId);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: [
        {
          id: ids[5],
          kind: 'reversal',
          status: 'posted',
          partner: hotelView,
          amount: { amount: '54.25', currency: 'USD' },
          points: -50,
          pendingPoints: 0,
          createdAt: at(5),
        },
        {
          id: ids[4],
          kind: 'reversal',
          status: 'posted',
          partner: pharmacyView,
          amount: null,
          points: 5,
          pendingPoints: 0,
          createdAt: at(4),
        },
        {
          id: ids[3],
          kind: 'redeem',
          status: 'posted',
          partner: pharmacyView,
          amount: null,
          points: -30,
          pendingPoints: 0,
          createdAt: at(3),
        },
        {
          id: ids[2],
          kind: 'earn',
          status: 'posted',
          partner: pharmacyView,
          amount: { amount: '253.20', currency: 'CZK' },
          points: 10,
          pendingPoints: 0,
          createdAt: at(2),
        },
        {
          id: ids[1],
          kind: 'earn',
          status: 'pending',
          partner: hotelView,
          amount: { amount: '434.00', currency: 'USD' },
          points: 0,
          pendingPoints: 400,
          createdAt: at(1),
        },
        {
          id: ids[0],
          kind: 'earn',
          status: 'posted',
          partner: hotelView,
          amount: { amount: '108.50', currency: 'USD' },
          points: 100,
          pendingPoints: 0,
          createdAt: at(0),
        },
      ],
      nextCursor: null,
    });
    // The signed points add up to the balance: 100 + 10 - 30 + 5 - 50 = 35
    expect(
      (await app.request('GET', '/v1/me', { token: await app.memberToken(memberId) })).body.available,
    ).toBe(35);
  });

  test('a captured hold shows the points captured; a voided one shows none', async () => {
    const captured = await hotel.earn({ memberId, amount: { amount: '434.00', currency: 'USD' }, hold: {} });
    const voided = await hotel.earn({ memberId, amount: { amount: '434.00', currency: 'USD' }, hold: {} });
    // floor(400 * 217.00 / 434.00) = 200
    await hotel.capture(captured.body.id, { amount: { amount: '217.00', currency: 'USD' } });
    await hotel.void(voided.body.id);
    const entries = (await activity(memberId)).body.data;
    expect(
      entries.map((entry: { status: string; points: number; pendingPoints: number }) => [
        entry.status,
        entry.points,
        entry.pendingPoints,
      ]),
    ).toEqual([
      ['voided', 0, 0],
      ['captured', 200, 0],
    ]);
  });

  test('pages with a cursor, newest first, each entry exactly once', async () => {
    const ids = await history(memberId);
    const pages = [];
    let query = '?limit=2';
    for (;;) {
      const page = await activity(memberId, query);
      expect(page.status).toBe(200);
      pages.push(page.body.data.map((entry: { id: string }) => entry.id));
      if (page.body.nextCursor === null) break;
      query = `?limit=2&cursor=${page.body.nextCursor}`;
    }
    expect(pages).toEqual([
      [ids[5], ids[4]],
      [ids[3], ids[2]],
      [ids[1], ids[0]],
    ]);
  });

  test.each(['?limit=0', '?limit=201', '?limit=two'])('%s is 422 validation_failed', async (query) => {
    const response = await activity(memberId, query);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('validation_failed');
  });
});

describe("a member never sees another member's activity", () => {
  test('the token decides whose activity it is, whatever the query says', async () => {
    const ids = await history(memberId);
    const other = await pharmacy.enrol();
    const theirs = await pharmacy.earn({ memberId: other, amount: { amount: '25.32', currency: 'CZK' } });
    for (const query of ['', `?memberId=${memberId}`, `?cursor=${ids[5]}`]) {
      const response = await activity(other, query);
      expect(response.status).toBe(200);
      expect(response.body.data.map((entry: { id: string }) => entry.id)).toEqual(
        query.startsWith('?cursor') ? [] : [theirs.body.id],
      );
    }
    const mine = (await activity(memberId)).body.data.map((entry: { id: string }) => entry.id);
    expect(mine).not.toContain(theirs.body.id);
  });
});

describe('GET /v1/me/activity is for members only', () => {
  test.each(callerMatrix('member'))('$caller', async ({ caller, allowed, code }) => {
    const token = await callerToken(app, caller, { partner: hotel, memberId });
    const response = await app.request('GET', '/v1/me/activity', { token });
    if (allowed) {
      expect(response.status).toBe(200);
      return;
    }
    expect(response.status).toBe(401);
    expect(response.body.code).toBe(code);
  });
});
