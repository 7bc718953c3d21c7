import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { formPool } from '../../pools/fixtures.js';
import {
  callerMatrix,
  callerToken,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';
import { auditEntries } from './support.js';

/** GET /v1/members/{memberId}: the operator's support view of a member, every read audited. */
let app: TestApp;
let hotel: PartnerClient;
let memberId: string;
beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
  hotel = await partnerClient(app);
  memberId = await hotel.enrol({ externalReference: 'CARD-0001' });
});
afterEach(async () => {
  await app.close();
});

const read = async (member: string, subject = 'operator') =>
  app.request('GET', `/v1/members/${member}`, { token: await app.operatorToken(subject) });

describe('GET /v1/members/{memberId}', () => {
  test('answers the member as enrolled and the unified balance the member sees', async () => {
    await hotel.earn({ memberId, amount: { amount: '542.50', currency: 'USD' } });
    await hotel.earn({ memberId, amount: { amount: '108.50', currency: 'USD' }, hold: {} });
    const friend = await hotel.enrol();
    await hotel.earn({ memberId: friend, amount: { amount: '217.00', currency: 'USD' } });
    await formPool(app, memberId, [friend]);
    const response = await read(memberId);
    expect(response.status).toBe(200);
    const own = await app.request('GET', '/v1/me', { token: await app.memberToken(memberId) });
    const { memberId: _id, externalReference: _reference, ...balance } = own.body;
    expect(response.body).toEqual({
      id: memberId,
      externalReference: 'CARD-0001',
      enrolledByPartnerId: hotel.partner.id,
      createdAt: '2026-11-23T09:00:00.000Z',
      status: 'active',
      erasedAt: null,
      balance,
    });
    expect(response.body.balance).toMatchObject({ available: 500, pending: 100, unifiedAvailable: 700 });
  });

  test("records the read in the audit log with the operator's subject and the request id", async () => {
    const response = await read(memberId, 'support-alice');
    const [entry] = await auditEntries(app);
    expect(entry).toMatchObject({
      actor: 'support-alice',
      action: 'member.read',
      target: memberId,
      requestId: response.headers.get('x-request-id'),
      summary: { view: 'profile' },
    });
  });

  test('an unknown member is 404 member_not_found, and nothing is recorded', async () => {
    const before = await auditEntries(app);
    const response = await read('mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q');
    expect({ status: response.status, code: response.body.code }).toEqual({
      status: 404,
      code: 'member_not_found',
    });
    expect(await auditEntries(app)).toEqual(before);
  });

  test.each(callerMatrix('operator'))('$caller: allowed $allowed', async ({ caller, allowed, code }) => {
    const before = await auditEntries(app);
    const token = await callerToken(app, caller, { partner: hotel, memberId });
    const response = await app.request(
      'GET',
      `/v1/members/${memberId}`,
      token === undefined ? {} : { token },
    );
    if (allowed) expect(response.status).toBe(200);
    else {
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 401, code });
      expect(await auditEntries(app)).toEqual(before);
    }
  });
});
