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
import { auditEntries } from '../members/support.js';

/** GET /v1/partners/{partnerId}/card-holder: support finds a member by a partner's card number. */
let app: TestApp;
let shop: PartnerClient;
let hotel: PartnerClient;
let memberId: string;
beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
  shop = await partnerClient(app);
  hotel = await partnerClient(app);
  memberId = await shop.enrol({ externalReference: 'SHOP-0001' });
});
afterEach(async () => {
  await app.close();
});

const find = async (partnerId: string, externalReference: string, subject = 'operator') =>
  app.request(
    'GET',
    `/v1/partners/${partnerId}/card-holder?externalReference=${encodeURIComponent(externalReference)}`,
    { token: await app.operatorToken(subject) },
  );

/** The hotel links its own card to the member, who shows a pay code for the hotel. */
async function linkHotelCard(externalReference: string) {
  const payCode = await app.request('POST', '/v1/me/pay-codes', {
    token: await app.memberToken(memberId),
    body: { partnerId: hotel.partner.id },
  });
  const linked = await app.request('POST', `/v1/members/${memberId}/links`, {
    token: await hotel.token(),
    body: { externalReference, payCode: payCode.body.code },
    idempotencyKey: newKey('link'),
  });
  expect(linked.status, JSON.stringify(linked.body)).toBe(201);
}

describe('GET /v1/partners/{partnerId}/card-holder', () => {
  test('finds the member by the card the enrolling partner gave, and audits the read', async () => {
    const response = await find(shop.partner.id, 'SHOP-0001', 'support-alice');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({ memberId, externalReference: 'SHOP-0001', via: 'enrolment' });
    const [entry] = await auditEntries(app);
    expect(entry).toMatchObject({
      actor: 'support-alice',
      action: 'member.read',
      target: memberId,
      requestId: response.headers.get('x-request-id'),
      summary: { view: 'card', partnerId: shop.partner.id, via: 'enrolment' },
    });
  });

  test('finds the member by a card another partner linked to them', async () => {
    await linkHotelCard('HOTEL-0009');
    const response = await find(hotel.partner.id, 'HOTEL-0009');
    expect(response.body).toEqual({ memberId, externalReference: 'HOTEL-0009', via: 'link' });
  });

  test.each([
    ['an unknown card', 'shop', 'SHOP-9999'],
    ["the shop's card asked of the hotel", 'hotel', 'SHOP-0001'],
    ["the hotel's linked card asked of the shop", 'shop', 'HOTEL-0009'],
    ['a card at a partner id that does not exist', 'nobody', 'SHOP-0001'],
  ])('%s is 404 member_not_found, and nothing is recorded', async (_case, at, card) => {
    await linkHotelCard('HOTEL-0009');
    const before = await auditEntries(app);
    const partnerId = { shop: shop.partner.id, hotel: hotel.partner.id }[at] ?? 'ptn_unknown';
    const response = await find(partnerId, card);
    expect({ status: response.status, code: response.body.code }).toEqual({
      status: 404,
      code: 'member_not_found',
    });
    expect(await auditEntries(app)).toEqual(before);
  });

  test('an empty or overlong card number is a 422 problem, and nothing is recorded', async () => {
    const before = await auditEntries(app);
    for (const card of ['', ' ', 'C'.repeat(65)]) {
      const response = await find(shop.partner.id, card);
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(await auditEntries(app)).toEqual(before);
  });

  test.each(callerMatrix('operator'))('$caller: allowed $allowed', async ({ caller, allowed, code }) => {
    const before = await auditEntries(app);
    const token = await callerToken(app, caller, { partner: shop, memberId });
    const response = await app.request(
      'GET',
      `/v1/partners/${shop.partner.id}/card-holder?externalReference=SHOP-0001`,
      token === undefined ? {} : { token },
    );
    if (allowed) expect(response.status).toBe(200);
    else {
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 401, code });
      expect(await auditEntries(app)).toEqual(before);
    }
  });
});
