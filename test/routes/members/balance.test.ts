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
let bistro: PartnerClient;
let memberId: string;
beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
  hotel = await partnerClient(app, {
    name: 'Harbor Hotel San Diego',
    settlementCurrency: 'USD',
    earnRate: '1',
  });
  bistro = await partnerClient(app, {
    name: 'Bistro Lumière',
    sector: 'restaurant',
    country: 'FR',
    settlementCurrency: 'EUR',
    earnRate: '1',
  });
  memberId = await hotel.enrol();
});
afterEach(async () => {
  await app.close();
});

const balance = async (partner: PartnerClient, member: string) =>
  app.request('GET', `/v1/members/${member}/balance`, { token: await partner.token() });

describe('GET /v1/members/{memberId}/balance', () => {
  test('a new member has nothing', async () => {
    const response = await balance(hotel, memberId);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      memberId,
      available: 0,
      pending: 0,
      owed: 0,
      expiringSoon: [],
      unifiedAvailable: 0,
    });
  });

  test('available, pending and owed, as any partner of the coalition sees them', async () => {
    // 217.00 / 1.0850 = 200 points, and 434.00 / 1.0850 = 400 held
    const earned = await hotel.earn({ memberId, amount: { amount: '217.00', currency: 'USD' } });
    await hotel.earn({ memberId, amount: { amount: '434.00', currency: 'USD' }, hold: {} });
    await bistro.redeem({ memberId, points: 150 });
    // Refunding the 200 points finds 50: 150 are owed
    await hotel.reverse(earned.body.id);
    const response = await balance(bistro, memberId);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      memberId,
      available: 0,
      pending: 400,
      owed: 150,
      expiringSoon: [],
      unifiedAvailable: 0,
    });
  });

  test('an unknown member is 404 member_not_found', async () => {
    const response = await balance(hotel, 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q');
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('member_not_found');
  });
});

describe('GET /v1/members/{memberId}/balance is for partners only', () => {
  test.each(callerMatrix('partner'))('$caller', async ({ caller, allowed, code }) => {
    const token = await callerToken(app, caller, { partner: hotel, memberId });
    const response = await app.request('GET', `/v1/members/${memberId}/balance`, { token });
    if (allowed) {
      expect(response.status).toBe(200);
      return;
    }
    expect(response.status).toBe(401);
    expect(response.body.code).toBe(code);
  });
});
