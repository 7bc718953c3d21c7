import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, test } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import {
  callerMatrix,
  callerToken,
  expectLedgerInvariants,
  ledgerSnapshot,
  newKey,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

/** A member with 1000 points from the hotel, and a shop nearby; MEMBER_PRESENCE as given. */
async function coalition(environment: Record<string, string> = { MEMBER_PRESENCE: 'always' }) {
  app = await TestApp.create({ environment });
  await publishRates(app);
  const hotel = await partnerClient(app, { settlementCurrency: 'USD', earnRate: '1' });
  const shop = await partnerClient(app, { settlementCurrency: 'EUR' });
  const memberId = await hotel.enrol();
  // 1085.00 / 1.0850 = 1000 points
  const earned = await hotel.earn({ memberId, amount: { amount: '1085.00', currency: 'USD' } });
  expect(earned.status, 'earning needs no pay code').toBe(201);
  const memberToken = await app.memberToken(memberId);
  const payCode = async (body: Record<string, unknown> = {}) => {
    const response = await app.request('POST', '/v1/me/pay-codes', { token: memberToken, body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as {
      code: string;
      expiresAt: string;
      partnerId: string | null;
      maxPoints: number | null;
    };
  };
  return { hotel, shop, memberId, memberToken, payCode };
}

const snapshot = async () => ({
  ...(await ledgerSnapshot(app)),
  payCodes: await app.deps.db.all(sql`SELECT * FROM pay_codes ORDER BY rowid`),
  events: await app.deps.db.all(sql`SELECT * FROM events ORDER BY rowid`),
});

async function expectRefused(
  partner: PartnerClient,
  body: Record<string, unknown>,
  status: number,
  code: string,
  detail?: RegExp,
) {
  const before = await snapshot();
  const response = await partner.redeem(body);
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.code).toBe(code);
  if (detail) expect(response.body.detail).toMatch(detail);
  expect(await snapshot()).toEqual(before);
}

describe('the member makes a pay code in the wallet', () => {
  test('a code of 80 bits, valid two minutes, optionally bound to a partner and a most of points', async () => {
    const { hotel, payCode } = await coalition();
    const code = await payCode({ partnerId: hotel.partner.id, maxPoints: 300 });
    expect(code).toEqual({
      code: expect.stringMatching(/^([0-9A-HJKMNP-TV-Z]{4}-){3}[0-9A-HJKMNP-TV-Z]{4}$/),
      expiresAt: new Date(app.clock.nowMs + 120_000).toISOString(),
      partnerId: hotel.partner.id,
      maxPoints: 300,
    });
    const [stored] = (await app.deps.db.all(sql`SELECT * FROM pay_codes`)) as Record<string, unknown>[];
    expect(JSON.stringify(stored)).not.toContain(code.code.replace(/-/g, ''));
  });

  test.each(callerMatrix('member'))('$caller may make one: $allowed', async ({ caller, allowed, code }) => {
    const { hotel, memberId } = await coalition();
    const token = await callerToken(app, caller, { partner: hotel, memberId });
    const response = await app.request('POST', '/v1/me/pay-codes', { token, body: {} });
    expect(response.status).toBe(allowed ? 201 : 401);
    if (!allowed) expect(response.body.code).toBe(code);
  });

  test('a partner that does not exist cannot be named', async () => {
    const { memberToken } = await coalition();
    const unknown = await app.request('POST', '/v1/me/pay-codes', {
      token: memberToken,
      body: { partnerId: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('partner_not_found');
  });
});

describe('a redemption needs the member there (MEMBER_PRESENCE=always)', () => {
  test('with the pay code it redeems and uses the code up; earning never needed one', async () => {
    const { hotel, memberId, payCode } = await coalition();
    const { code } = await payCode();
    const response = await hotel.redeem({ memberId, points: 300, payCode: code.toLowerCase() });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const [used] = (await app.deps.db.all(sql`SELECT used_at, transaction_id FROM pay_codes`)) as {
      used_at: number;
      transaction_id: string;
    }[];
    expect(used).toEqual({ used_at: app.clock.nowMs, transaction_id: response.body.id });
    await expectRefused(hotel, { memberId, points: 1, payCode: code }, 410, 'pay_code_used');
    await expectLedgerInvariants(app);
  });

  test('without a pay code: 403, nothing changed, and the balance stays unread', async () => {
    const { hotel, memberId } = await coalition();
    await expectRefused(hotel, { memberId, points: 1 }, 403, 'member_presence_required', /pay code/);
    const balance = await app.request('GET', `/v1/members/${memberId}/balance`, {
      token: await hotel.token(),
    });
    expect(balance.status).toBe(403);
    expect(balance.body.code).toBe('member_presence_required');
  });

  test('an expired code, one for another partner, or for fewer points is refused and changes nothing', async () => {
    const { hotel, shop, memberId, payCode } = await coalition();
    const late = await payCode();
    const forShop = await payCode({ partnerId: shop.partner.id });
    const small = await payCode({ maxPoints: 299 });
    await expectRefused(
      hotel,
      { memberId, points: 100, payCode: forShop.code },
      403,
      'pay_code_other_partner',
    );
    await expectRefused(
      hotel,
      { memberId, points: 300, payCode: small.code },
      422,
      'pay_code_limit_exceeded',
      /299/,
    );
    app.clock.advance(120_000);
    await expectRefused(hotel, { memberId, points: 100, payCode: late.code }, 410, 'pay_code_expired');
    // Refused codes were not used: the shop's and the small one still work, within their bounds.
    const fresh = await payCode({ partnerId: shop.partner.id, maxPoints: 299 });
    expect((await shop.redeem({ memberId, points: 299, payCode: fresh.code })).status).toBe(201);
  });

  test("another member's code, or a code that is no code, is refused and changes nothing", async () => {
    const { hotel, memberId, payCode } = await coalition();
    const otherMember = await hotel.enrol();
    const { code } = await payCode();
    await expectRefused(hotel, { memberId: otherMember, points: 1, payCode: code }, 422, 'pay_code_invalid');
    await expectRefused(hotel, { memberId, points: 1, payCode: 'not-a-code' }, 422, 'pay_code_invalid');
  });

  test('one code, 20 redemptions at once: exactly one redeems, the others are told it was used', async () => {
    const { hotel, memberId, payCode } = await coalition();
    const { code } = await payCode();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        hotel.redeem({ memberId, points: 10, payCode: code }, newKey(`race-${index}`)),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, ...Array(19).fill(410)]);
    for (const response of responses.filter((candidate) => candidate.status !== 201))
      expect(response.body.code).toBe('pay_code_used');
    const balance = await hotel.balance(memberId, (await payCode()).code);
    expect(balance.available).toBe(990);
    await expectLedgerInvariants(app);
  });

  test('a replay of the redemption (same Idempotency-Key and body) answers it again, the code used once', async () => {
    const { hotel, memberId, payCode } = await coalition();
    const { code } = await payCode();
    const key = newKey('redeem');
    const first = await hotel.redeem({ memberId, points: 50, payCode: code }, key);
    const again = await hotel.redeem({ memberId, points: 50, payCode: code }, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await app.deps.db.all(sql`SELECT id FROM transactions WHERE kind = 'redeem'`)).toHaveLength(1);
  });
});

describe('reading the balance with a pay code', () => {
  test('does not use the code: the redemption that follows does', async () => {
    const { hotel, shop, memberId, payCode } = await coalition();
    const { code } = await payCode({ partnerId: hotel.partner.id });
    const read = await app.request('GET', `/v1/members/${memberId}/balance`, {
      token: await hotel.token(),
      headers: { 'tessera-pay-code': code },
    });
    expect(read.status).toBe(200);
    expect(read.body.available).toBe(1000);
    const foreign = await app.request('GET', `/v1/members/${memberId}/balance`, {
      token: await shop.token(),
      headers: { 'tessera-pay-code': code },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('pay_code_other_partner');
    expect((await hotel.redeem({ memberId, points: 1000, payCode: code })).status).toBe(201);
  });
});

describe('MEMBER_PRESENCE is a network setting', () => {
  test('from a number of points on: smaller redemptions need no code, larger ones do', async () => {
    const { hotel, memberId, payCode } = await coalition({ MEMBER_PRESENCE: '500' });
    expect((await hotel.redeem({ memberId, points: 499 })).status).toBe(201);
    await expectRefused(
      hotel,
      { memberId, points: 500 },
      403,
      'member_presence_required',
      /500 points or more/,
    );
    const { code } = await payCode();
    expect((await hotel.redeem({ memberId, points: 500, payCode: code })).status).toBe(201);
  });

  test('never: a network whose tills do not read pay codes yet; a code given is still checked', async () => {
    const { hotel, memberId } = await coalition({ MEMBER_PRESENCE: 'never' });
    expect((await hotel.redeem({ memberId, points: 100 })).status).toBe(201);
    expect((await hotel.balance(memberId)).available).toBe(900);
    await expectRefused(
      hotel,
      { memberId, points: 1, payCode: 'AAAA-AAAA-AAAA-AAAA' },
      422,
      'pay_code_invalid',
    );
  });

  test.each(['sometimes', '0', '-5', '1.5'])('MEMBER_PRESENCE=%s is refused at start-up', (value) => {
    expect(loadConfig({ MEMBER_PRESENCE: value })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Invalid configuration: MEMBER_PRESENCE /),
    });
  });
});
