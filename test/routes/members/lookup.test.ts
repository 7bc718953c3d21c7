import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  callerMatrix,
  callerToken,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';

/** GET /v1/members?externalReference=: a partner finds a member by its own card number. */
let app: TestApp;
let hotel: PartnerClient;
let bistro: PartnerClient;
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
});
afterEach(async () => {
  await app.close();
});

const lookup = async (partner: PartnerClient, externalReference: string) =>
  app.request('GET', `/v1/members?${new URLSearchParams({ externalReference })}`, {
    token: await partner.token(),
  });

describe('GET /v1/members?externalReference=', () => {
  test('finds a member the partner enrolled', async () => {
    const memberId = await hotel.enrol({ externalReference: 'CARD-0001' });
    const response = await lookup(hotel, 'CARD-0001');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: [
        {
          id: memberId,
          externalReference: 'CARD-0001',
          enrolledByYou: true,
          via: 'enrolment',
          createdAt: '2026-11-23T09:00:00.000Z',
          // No `profile` consent: the partner sees no contact.
          contact: null,
        },
      ],
    });
  });

  test('finds a member another partner enrolled once the partner has served them, not before', async () => {
    const memberId = await hotel.enrol({ externalReference: 'CARD-0002' });
    expect((await lookup(bistro, 'CARD-0002')).body).toEqual({ data: [] });
    await bistro.earn({ memberId, amount: { amount: '12.00', currency: 'EUR' } });
    expect((await lookup(bistro, 'CARD-0002')).body.data).toEqual([
      expect.objectContaining({ id: memberId, enrolledByYou: false }),
    ]);
  });

  test('a reference nobody holds is an empty list, as is one of a member the partner never served', async () => {
    await hotel.enrol({ externalReference: 'CARD-0003' });
    expect(await lookup(bistro, 'CARD-0003')).toMatchObject({ status: 200, body: { data: [] } });
    expect(await lookup(bistro, 'CARD-9999')).toMatchObject({ status: 200, body: { data: [] } });
  });

  test('the reference is trimmed as at enrolment', async () => {
    const memberId = await hotel.enrol({ externalReference: 'CARD-0004' });
    expect((await lookup(hotel, '  CARD-0004 ')).body.data[0].id).toBe(memberId);
  });

  test.each([
    ['without a reference', ''],
    ['with a reference longer than 64 characters', `?externalReference=${'x'.repeat(65)}`],
  ])('is 422 validation_failed %s', async (_name, query) => {
    const response = await app.request('GET', `/v1/members${query}`, { token: await hotel.token() });
    expect(response.status).toBe(422);
    expect(response.body.errors[0].path).toBe('query.externalReference');
  });

  test.each(callerMatrix('partner'))('$caller: allowed $allowed', async ({ caller, allowed, code }) => {
    const memberId = await hotel.enrol({ externalReference: 'CARD-0005' });
    const token = await callerToken(app, caller, { partner: hotel, memberId });
    const response = await app.request('GET', '/v1/members?externalReference=CARD-0005', {
      ...(token === undefined ? {} : { token }),
    });
    if (allowed) expect(response.body.data).toHaveLength(1);
    else expect({ status: response.status, code: response.body.code }).toEqual({ status: 401, code });
  });
});
