import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, test } from 'vitest';
import { publishTiers } from '../../status/fixtures.js';
import {
  callerMatrix,
  callerToken,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

const ALL_YES = { profile: true, tier: true, balance: true, messages: true };
const DEFAULTS = { profile: false, tier: true, balance: true, messages: false };

/** A member enrolled at the hotel with card HOTEL-1, 1000 points, a profile, and a shop. */
async function coalition() {
  app = await TestApp.create();
  await publishRates(app);
  const hotel = await partnerClient(app, { name: 'Hotel Aurora', settlementCurrency: 'USD', earnRate: '1' });
  const shop = await partnerClient(app, { name: 'Mitte Mode', settlementCurrency: 'EUR' });
  const memberId = await hotel.enrol({ externalReference: 'HOTEL-1' });
  await hotel.earn({ memberId, amount: { amount: '1085.00', currency: 'USD' } });
  const memberToken = await app.memberToken(memberId);
  const profile = await app.request('PATCH', '/v1/me/profile', {
    token: memberToken,
    body: { displayName: 'Jana', email: 'jana@example.com', phone: '+420601234567', homeCountry: 'CZ' },
  });
  expect(profile.status).toBe(200);
  const decide = async (partner: PartnerClient, scopes: Record<string, boolean>) => {
    const response = await app.request('PUT', `/v1/me/consents/${partner.partner.id}`, {
      token: memberToken,
      body: scopes,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };
  const asPartner = async (partner: PartnerClient, path: string, headers?: Record<string, string>) =>
    app.request('GET', path, { token: await partner.token(), ...(headers ? { headers } : {}) });
  return { hotel, shop, memberId, memberToken, decide, asPartner };
}

const consentRows = () => app.deps.db.all(sql`SELECT * FROM member_consents ORDER BY rowid`);
const events = () => app.deps.db.all(sql`SELECT * FROM events ORDER BY rowid`);

describe('a partner the member decided nothing for', () => {
  test('sees the tier and the balance, never the name or contact, and may not message', async () => {
    const { hotel, memberId, asPartner } = await coalition();
    const consent = await asPartner(hotel, `/v1/members/${memberId}/consent`);
    expect(consent.status).toBe(200);
    expect(consent.body).toEqual({ memberId, scopes: DEFAULTS, contact: null });
    expect((await asPartner(hotel, `/v1/members/${memberId}/tier`)).status).toBe(200);
    expect((await asPartner(hotel, `/v1/members/${memberId}/balance`)).status).toBe(200);
    const lookup = await asPartner(hotel, '/v1/members?externalReference=HOTEL-1');
    expect(lookup.body.data).toEqual([expect.objectContaining({ id: memberId, contact: null })]);
  });
});

describe('the member decides per partner, and it applies at once', () => {
  test('granting the profile shows the name and contact to that partner only; revoking hides them', async () => {
    const { hotel, shop, memberId, decide, asPartner } = await coalition();
    const decided = await decide(hotel, { ...DEFAULTS, profile: true });
    expect(decided).toMatchObject({ partnerId: hotel.partner.id, partnerName: 'Hotel Aurora' });
    const contact = { displayName: 'Jana', email: 'jana@example.com', phone: '+420601234567' };
    expect((await asPartner(hotel, `/v1/members/${memberId}/consent`)).body.contact).toEqual(contact);
    const lookup = await asPartner(hotel, '/v1/members?externalReference=HOTEL-1');
    expect(lookup.body.data[0].contact).toEqual(contact);
    expect((await asPartner(shop, `/v1/members/${memberId}/consent`)).body.contact).toBeNull();

    await decide(hotel, DEFAULTS);
    expect((await asPartner(hotel, `/v1/members/${memberId}/consent`)).body.contact).toBeNull();
    const after = await asPartner(hotel, '/v1/members?externalReference=HOTEL-1');
    expect(after.body.data[0].contact).toBeNull();
  });

  test('revoking the tier refuses the next tier read; granting it again allows it', async () => {
    const { hotel, shop, memberId, decide, asPartner } = await coalition();
    await decide(hotel, { ...DEFAULTS, tier: false });
    const refused = await asPartner(hotel, `/v1/members/${memberId}/tier`);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'consent_required', scope: 'tier' });
    expect((await asPartner(shop, `/v1/members/${memberId}/tier`)).status, 'another partner').toBe(200);
    await decide(hotel, DEFAULTS);
    expect((await asPartner(hotel, `/v1/members/${memberId}/tier`)).status).toBe(200);
  });

  test('revoking the balance needs the member at the till: their pay code still opens it', async () => {
    const { hotel, memberId, memberToken, decide, asPartner } = await coalition();
    await decide(hotel, { ...DEFAULTS, balance: false });
    const refused = await asPartner(hotel, `/v1/members/${memberId}/balance`);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'consent_required', scope: 'balance' });
    const code = await app.request('POST', '/v1/me/pay-codes', { token: memberToken, body: {} });
    const present = await asPartner(hotel, `/v1/members/${memberId}/balance`, {
      'tessera-pay-code': code.body.code,
    });
    expect(present.status).toBe(200);
    expect(present.body.available).toBe(1000);
  });

  test('the partner and the member app are told, and the member lists their decisions', async () => {
    const { hotel, memberId, memberToken, decide } = await coalition();
    await decide(hotel, ALL_YES);
    const feed = await app.request('GET', '/v1/events?types=consent.changed', { token: await hotel.token() });
    expect(feed.body.data).toEqual([
      expect.objectContaining({
        type: 'consent.changed',
        data: { memberId, partnerId: hotel.partner.id, ...ALL_YES },
      }),
    ]);
    const mine = await app.request('GET', '/v1/me/consents', { token: memberToken });
    expect(mine.body).toEqual({
      defaults: DEFAULTS,
      data: [
        {
          partnerId: hotel.partner.id,
          partnerName: 'Hotel Aurora',
          scopes: ALL_YES,
          decidedAt: new Date(app.clock.nowMs).toISOString(),
        },
      ],
    });
  });
});

describe('events a partner receives respect the consent at once', () => {
  test('a tier bonus names the tier only while the member lets the partner see it, older events too', async () => {
    const { hotel, shop, memberId, decide } = await coalition();
    await publishTiers(app);
    // The hotel's 1,000 points were 1,000 qualifying credits: Silver (1.1x); earns at the shop carry a bonus.
    const next = await shop.earn({ memberId, amount: { amount: '100.00', currency: 'EUR' } });
    expect(next.body.tierBonus).toMatchObject({ tier: 'silver' });
    const bonusTiers = async () => {
      const feed = await app.request('GET', '/v1/events?types=tier.bonus_credited', {
        token: await shop.token(),
      });
      return feed.body.data.map((event: { data: { tier: string | null } }) => event.data.tier);
    };
    expect(await bonusTiers()).toEqual(['silver']);
    await decide(shop, { ...DEFAULTS, tier: false });
    expect(await bonusTiers()).toEqual([null]);
    const read = await app.request('GET', `/v1/transactions/${next.body.id}`, { token: await shop.token() });
    expect(read.body.tierBonus).toMatchObject({ tier: null, points: next.body.tierBonus.points });
    const listed = await app.request('GET', `/v1/transactions?memberId=${memberId}&kind=earn`, {
      token: await shop.token(),
    });
    expect(
      listed.body.data.map((entry: { tierBonus: { tier: string | null } }) => entry.tierBonus.tier),
    ).toEqual([null]);
    const later = await shop.earn({ memberId, amount: { amount: '50.00', currency: 'EUR' } });
    expect(later.body.tierBonus).toMatchObject({ tier: null, fundedBy: 'network' });
    await decide(hotel, { ...DEFAULTS, tier: false });
    await decide(shop, DEFAULTS);
    expect(await bonusTiers(), "another partner's decision does not change it").toEqual(['silver', 'silver']);
  });
});

describe('refusals change nothing', () => {
  test('an unknown partner is 404 partner_not_found', async () => {
    const { memberToken } = await coalition();
    const [rows, before] = [await consentRows(), await events()];
    const response = await app.request('PUT', '/v1/me/consents/ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q', {
      token: memberToken,
      body: ALL_YES,
    });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('partner_not_found');
    expect(await consentRows()).toEqual(rows);
    expect(await events()).toEqual(before);
  });

  test.each([
    ['a scope left out', { profile: true, tier: true, balance: true }],
    ['an unknown scope', { ...ALL_YES, location: true }],
    ['not a boolean', { ...ALL_YES, messages: 'yes' }],
  ])('%s is 422 validation_failed', async (_, body) => {
    const { hotel, memberToken } = await coalition();
    const [rows, before] = [await consentRows(), await events()];
    const response = await app.request('PUT', `/v1/me/consents/${hotel.partner.id}`, {
      token: memberToken,
      body,
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('validation_failed');
    expect(await consentRows()).toEqual(rows);
    expect(await events()).toEqual(before);
  });

  test.each(callerMatrix('member'))(
    'only the member decides: $caller allowed $allowed',
    async ({ caller, allowed, code }) => {
      const { hotel, memberId } = await coalition();
      const token = await callerToken(app, caller, { partner: hotel, memberId });
      const rows = await consentRows();
      const response = await app.request('PUT', `/v1/me/consents/${hotel.partner.id}`, {
        ...(token === undefined ? {} : { token }),
        body: ALL_YES,
      });
      if (allowed) {
        expect(response.status).toBe(200);
      } else {
        expect(response.body.code).toBe(code);
        expect(await consentRows()).toEqual(rows);
      }
    },
  );
});
