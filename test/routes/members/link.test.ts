import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, test } from 'vitest';
import { newKey, type PartnerClient, partnerClient, publishRates } from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';
import { claimedMember, enrolWithClaim } from '../../support/members.js';

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

/** A member of the shop, and a hotel the member walks into with their coalition card. */
async function coalition() {
  app = await TestApp.create();
  await publishRates(app);
  const shop = await partnerClient(app);
  const hotel = await partnerClient(app);
  const memberId = await shop.enrol({ externalReference: 'SHOP-1' });
  const memberToken = await app.memberToken(memberId);
  const payCode = async (body: Record<string, unknown> = {}) =>
    (await app.request('POST', '/v1/me/pay-codes', { token: memberToken, body })).body.code as string;
  return { shop, hotel, memberId, memberToken, payCode };
}

const link = async (partner: PartnerClient, memberId: string, body: Record<string, unknown>) =>
  app.request('POST', `/v1/members/${memberId}/links`, {
    token: await partner.token(),
    body,
    idempotencyKey: newKey('link'),
  });

const lookup = async (partner: PartnerClient, externalReference: string) =>
  (
    await app.request('GET', `/v1/members?externalReference=${encodeURIComponent(externalReference)}`, {
      token: await partner.token(),
    })
  ).body.data;

const snapshot = async () => ({
  links: await app.deps.db.all(sql`SELECT * FROM member_links ORDER BY rowid`),
  payCodes: await app.deps.db.all(sql`SELECT * FROM pay_codes ORDER BY rowid`),
  members: await app.deps.db.all(sql`SELECT * FROM members ORDER BY rowid`),
  events: await app.deps.db.all(sql`SELECT * FROM events ORDER BY rowid`),
});

describe('POST /v1/members/{memberId}/links', () => {
  test('the member shows a pay code; the hotel links its card and finds the member by it', async () => {
    const { hotel, memberId, payCode } = await coalition();
    expect(await lookup(hotel, 'HOTEL-9')).toEqual([]);
    const response = await link(hotel, memberId, {
      externalReference: 'HOTEL-9',
      payCode: await payCode({ partnerId: hotel.partner.id }),
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({
      memberId,
      partnerId: hotel.partner.id,
      externalReference: 'HOTEL-9',
    });
    expect(await lookup(hotel, 'HOTEL-9')).toEqual([
      expect.objectContaining({ id: memberId, via: 'link', enrolledByYou: false }),
    ]);
    // The hotel now serves the member: it may issue a recovery claim code.
    const recovery = await app.request('POST', `/v1/members/${memberId}/claim-codes`, {
      token: await hotel.token(),
      idempotencyKey: newKey(),
    });
    expect(recovery.status).toBe(201);
    const events = await app.deps.db.all(sql`SELECT type FROM events WHERE type = 'member.linked'`);
    expect(events).toHaveLength(1);
  });

  test.each([
    ['no pay code of this member', async () => 'P4YC-0DE7-QR5T-WX2M', 422, 'pay_code_invalid'],
  ] as const)('refused with %s, nothing changed', async (_name, code, status, problem) => {
    const { hotel, memberId } = await coalition();
    const before = await snapshot();
    const response = await link(hotel, memberId, { externalReference: 'HOTEL-9', payCode: await code() });
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(problem);
    expect(await snapshot()).toEqual(before);
  });

  test('refusals change nothing: a used code, a code for another partner, a taken reference', async () => {
    const { shop, hotel, memberId, payCode } = await coalition();
    const used = await payCode();
    expect((await link(hotel, memberId, { externalReference: 'HOTEL-9', payCode: used })).status).toBe(201);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ externalReference: 'HOTEL-10', payCode: used }, 410, 'pay_code_used'],
      [
        { externalReference: 'HOTEL-10', payCode: await payCode({ partnerId: shop.partner.id }) },
        403,
        'pay_code_other_partner',
      ],
      [{ externalReference: 'SHOP-1', payCode: await payCode() }, 409, 'external_reference_taken'],
      [{ externalReference: 'HOTEL-9', payCode: await payCode() }, 409, 'external_reference_taken'],
    ];
    for (const [body, status, problem] of cases) {
      const before = await snapshot();
      const response = await link(hotel, memberId, body);
      expect(response.status, JSON.stringify(response.body)).toBe(status);
      expect(response.body.code).toBe(problem);
      expect(await snapshot()).toEqual(before);
    }
    // A pay code of another member links nothing to this one.
    const other = await shop.enrol();
    const before = await snapshot();
    const foreign = await link(hotel, other, { externalReference: 'HOTEL-11', payCode: await payCode() });
    expect(foreign.body.code).toBe('pay_code_invalid');
    expect((await snapshot()).links).toEqual(before.links);
  });

  test('one pay code, 10 links at once: exactly one commits', async () => {
    const { hotel, memberId, payCode } = await coalition();
    const code = await payCode();
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        link(hotel, memberId, { externalReference: `HOTEL-${index}`, payCode: code }),
      ),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    expect(await app.deps.db.all(sql`SELECT * FROM member_links`)).toHaveLength(1);
  });

  test('an enrolment cannot take a linked reference; a merge hands links and enrolment references over', async () => {
    const { shop, hotel } = await coalition();
    const survivor = await claimedMember(app, shop);
    const absorbed = await enrolWithClaim(app, hotel, { externalReference: 'HOTEL-ENROLLED' });
    const code = (
      await app.request('POST', '/v1/me/pay-codes', { token: await app.memberToken(absorbed.id), body: {} })
    ).body.code;
    expect((await link(shop, absorbed.id, { externalReference: 'SHOP-LINKED', payCode: code })).status).toBe(
      201,
    );
    const enrol = await app.request('POST', '/v1/members', {
      token: await hotel.token(),
      body: { externalReference: 'SHOP-LINKED' },
      idempotencyKey: newKey(),
    });
    expect(enrol.status).toBe(409);
    expect(enrol.body.code).toBe('external_reference_taken');

    const merged = await app.request('POST', '/v1/me/merges', {
      token: survivor.accessToken,
      body: { claimCode: absorbed.claim.code },
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(201);
    expect(await lookup(shop, 'SHOP-LINKED')).toEqual([
      expect.objectContaining({ id: survivor.memberId, via: 'link' }),
    ]);
    expect(await lookup(hotel, 'HOTEL-ENROLLED')).toEqual([
      expect.objectContaining({ id: survivor.memberId, via: 'enrolment' }),
    ]);
  });
});
