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
let memberId: string;
beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
  hotel = await partnerClient(app, {
    name: 'Harbor Hotel San Diego',
    settlementCurrency: 'USD',
    earnRate: '1',
  });
  memberId = await hotel.enrol({ externalReference: 'CARD-4000-1234-5678' });
});
afterEach(async () => {
  await app.close();
});

const me = async (member: string) => app.request('GET', '/v1/me', { token: await app.memberToken(member) });

describe('GET /v1/me', () => {
  test('the unified balance of the member holding the token', async () => {
    // 217.00 / 1.0850 = 200 points; 434.00 / 1.0850 = 400 held
    await hotel.earn({ memberId, amount: { amount: '217.00', currency: 'USD' } });
    await hotel.earn({ memberId, amount: { amount: '434.00', currency: 'USD' }, hold: {} });
    await hotel.redeem({ memberId, points: 30 });
    const response = await me(memberId);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      memberId,
      externalReference: 'CARD-4000-1234-5678',
      available: 170,
      pending: 400,
      owed: 0,
      expiringSoon: [],
      pools: [],
      unifiedAvailable: 170,
    });
  });

  test('shows what the member owes after a refund of spent points', async () => {
    const earned = await hotel.earn({ memberId, amount: { amount: '108.50', currency: 'USD' } });
    await hotel.redeem({ memberId, points: 100 });
    await hotel.reverse(earned.body.id);
    expect((await me(memberId)).body).toMatchObject({ available: 0, owed: 100 });
  });

  test('a token for a member that does not exist is 404 member_not_found', async () => {
    const response = await me('mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q');
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('member_not_found');
  });
});

describe('GET /v1/me is for members only', () => {
  test.each(callerMatrix('member'))('$caller', async ({ caller, allowed, code }) => {
    const token = await callerToken(app, caller, { partner: hotel, memberId });
    const response = await app.request('GET', '/v1/me', { token });
    if (allowed) {
      expect(response.status).toBe(200);
      expect(response.body.memberId).toBe(memberId);
      return;
    }
    expect(response.status).toBe(401);
    expect(response.body.code).toBe(code);
  });
});
