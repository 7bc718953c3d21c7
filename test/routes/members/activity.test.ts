import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  callerMatrix,
  callerToken,
  newKey,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';
import { auditEntries } from './support.js';

/**
 * GET /v1/members/{memberId}/activity: the support view across partners, the same entries the
 * member reads in their own activity; every page read is audited.
 */
let app: TestApp;
let hotel: PartnerClient;
let bistro: PartnerClient;
let memberId: string;
beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
  hotel = await partnerClient(app);
  bistro = await partnerClient(app, {
    name: 'Bistro Lumière',
    sector: 'restaurant',
    country: 'FR',
    settlementCurrency: 'EUR',
    earnRate: '1',
  });
  memberId = await hotel.enrol();
  const earned = await hotel.earn({ memberId, amount: { amount: '542.50', currency: 'USD' } });
  await bistro.earn({ memberId, amount: { amount: '40.00', currency: 'EUR' } });
  await bistro.redeem({ memberId, points: 100 });
  await hotel.reverse(earned.body.id, { amount: { amount: '108.50', currency: 'USD' } });
  await app.request('POST', `/v1/members/${memberId}/credits`, {
    token: await app.operatorToken(),
    idempotencyKey: newKey(),
    body: { points: 25, reason: 'Delayed refund' },
  });
});
afterEach(async () => {
  await app.close();
});

const page = async (query = '', subject = 'operator') =>
  app.request('GET', `/v1/members/${memberId}/activity${query}`, { token: await app.operatorToken(subject) });
const ownPage = async (query = '') =>
  app.request('GET', `/v1/me/activity${query}`, { token: await app.memberToken(memberId) });

describe('GET /v1/members/{memberId}/activity', () => {
  test('answers, page for page, what the member reads in their own activity, at every partner', async () => {
    const first = await page('?limit=3');
    expect(first.status).toBe(200);
    expect(first.body).toEqual((await ownPage('?limit=3')).body);
    const second = await page(`?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body).toEqual((await ownPage(`?limit=3&cursor=${first.body.nextCursor}`)).body);
    const entries = [...first.body.data, ...second.body.data];
    expect(entries.map((entry) => entry.partner?.name ?? entry.label)).toEqual([
      'Goodwill from the network: Delayed refund',
      'Harbor Hotel San Diego',
      'Bistro Lumière',
      'Bistro Lumière',
      'Harbor Hotel San Diego',
    ]);
    expect(second.body.nextCursor).toBeNull();
  });

  test('records each page read in the audit log, with its cursor', async () => {
    const first = await page('?limit=2', 'support-bob');
    await page(`?limit=2&cursor=${first.body.nextCursor}`, 'support-bob');
    const [second, firstEntry] = await auditEntries(app);
    expect(firstEntry).toMatchObject({
      actor: 'support-bob',
      action: 'member.read',
      target: memberId,
      requestId: first.headers.get('x-request-id'),
      summary: { view: 'activity' },
    });
    expect(second).toMatchObject({
      action: 'member.read',
      summary: { view: 'activity', cursor: first.body.nextCursor },
    });
  });

  test('an unknown member is 404 member_not_found, and nothing is recorded', async () => {
    const before = await auditEntries(app);
    const response = await app.request('GET', '/v1/members/mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q/activity', {
      token: await app.operatorToken(),
    });
    expect({ status: response.status, code: response.body.code }).toEqual({
      status: 404,
      code: 'member_not_found',
    });
    expect(await auditEntries(app)).toEqual(before);
  });

  test.each(callerMatrix('operator'))('$caller: allowed $allowed', async ({ caller, allowed, code }) => {
    const token = await callerToken(app, caller, { partner: hotel, memberId });
    const response = await app.request(
      'GET',
      `/v1/members/${memberId}/activity`,
      token === undefined ? {} : { token },
    );
    if (allowed) expect(response.status).toBe(200);
    else expect({ status: response.status, code: response.body.code }).toEqual({ status: 401, code });
  });
});
