import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { publishTiers } from '../../status/fixtures.js';
import {
  type Caller,
  callerMatrix,
  callerToken,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';

/**
 * Who reads what of status: the member their status, forecast and history; a partner a member's tier
 * (never the credits); the operator a member's status, members per tier and gratitude.
 */
let app: TestApp;
let shop: PartnerClient;
let memberId: string;
beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
  shop = await partnerClient(app, {
    name: 'Shop',
    sector: 'retail',
    country: 'DE',
    settlementCurrency: 'EUR',
  });
  await publishTiers(app);
  memberId = await shop.enrol();
  await shop.earn({ memberId, amount: { amount: '1200.00', currency: 'EUR' } });
});
afterEach(async () => {
  await app.close();
});

const ROUTES: { path: () => string; who: Caller }[] = [
  { path: () => '/v1/me/status', who: 'member' },
  { path: () => '/v1/me/status/forecast', who: 'member' },
  { path: () => '/v1/me/status/history', who: 'member' },
  { path: () => `/v1/members/${memberId}/tier`, who: 'partner' },
  { path: () => `/v1/members/${memberId}/status`, who: 'operator' },
  { path: () => '/v1/status/members-per-tier', who: 'operator' },
  { path: () => '/v1/status/gratitude', who: 'operator' },
];

describe.each(ROUTES)('GET $who route', ({ path, who }) => {
  test.each(callerMatrix(who))('$caller: allowed $allowed', async ({ caller, allowed, code }) => {
    const token = await callerToken(app, caller, { partner: shop, memberId });
    const response = await app.request('GET', path(), { token });
    expect({ path: path(), status: response.status, code: response.body?.code ?? null }).toEqual({
      path: path(),
      status: allowed ? 200 : 401,
      code: allowed ? null : code,
    });
  });
});

describe('reads', () => {
  test("the operator reads a member's status as the member does", async () => {
    const asMember = await app.request('GET', '/v1/me/status', { token: await app.memberToken(memberId) });
    const asOperator = await app.request('GET', `/v1/members/${memberId}/status`, {
      token: await app.operatorToken(),
    });
    expect(asOperator.body).toEqual(asMember.body);
    expect(asMember.body).toMatchObject({
      tier: { code: 'silver' },
      progress: { credits: 1200, percent: 10 },
    });
  });

  test('an unknown member is 404 member_not_found for a partner and for the operator', async () => {
    for (const [path, token] of [
      ['/v1/members/mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q/tier', await shop.token()],
      ['/v1/members/mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q/status', await app.operatorToken()],
    ] as const) {
      const response = await app.request('GET', path, { token });
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('member_not_found');
    }
  });

  test('the history pages newest first', async () => {
    await shop.earn({ memberId, amount: { amount: '2000.00', currency: 'EUR' } });
    const token = await app.memberToken(memberId);
    const first = await app.request('GET', '/v1/me/status/history?limit=1', { token });
    expect(first.body.data.map((change: { to: string }) => change.to)).toEqual(['gold']);
    const second = await app.request('GET', `/v1/me/status/history?limit=1&cursor=${first.body.nextCursor}`, {
      token,
    });
    expect(second.body).toMatchObject({ data: [{ to: 'silver' }], nextCursor: null });
  });
});
