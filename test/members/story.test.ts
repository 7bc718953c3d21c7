import { sql } from 'drizzle-orm';
import { afterEach, expect, test } from 'vitest';
import { SoftwareAuthenticator } from '../support/authenticator.js';
import { expectLedgerInvariants, newKey, partnerClient, publishRates } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import { claimedMember, enrolWithClaim, registerPasskey, signInWithPasskey } from '../support/members.js';
import { WALLET } from './fixtures.js';

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

/**
 * The member's whole story through the API, in the order a person lives it: enrolled at a shop,
 * they claim the wallet and sign in with a passkey, merge the pharmacy's card into it, set consents
 * and a lower contact cap, authorise a redemption at a hotel with a pay code, export their data and
 * finally erase it.
 */
test('a member claims, signs in with a passkey, merges, consents, pays with a code, exports and erases', async () => {
  app = await TestApp.create({ environment: { WALLET_ORIGINS: WALLET, MEMBER_PRESENCE: 'always' } });
  await publishRates(app);
  const shop = await partnerClient(app, { name: 'Shop', settlementCurrency: 'EUR', earnRate: '1' });
  const pharmacy = await partnerClient(app, { name: 'Pharmacy', settlementCurrency: 'EUR', earnRate: '1' });
  const hotel = await partnerClient(app, { name: 'Hotel', settlementCurrency: 'USD', earnRate: '1' });

  // Enrolled at the shop, the member claims the wallet and registers a passkey.
  const claimed = await claimedMember(app, shop, { externalReference: 'SHOP-7' });
  const memberId = claimed.memberId;
  await shop.earn({ memberId, amount: { amount: '300.00', currency: 'EUR' } });
  const phone = await SoftwareAuthenticator.create({ origin: WALLET });
  await registerPasskey(app, claimed.accessToken, phone, 'My phone');

  // Later they sign in with the passkey alone.
  const signedIn = await signInWithPasskey(app, phone);
  expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(201);
  const token = signedIn.body.accessToken as string;

  // The pharmacy enrolled them too; they merge that membership into theirs with its claim code.
  const pharmacyCard = await enrolWithClaim(app, pharmacy, { externalReference: 'PHARMA-7' });
  await pharmacy.earn({ memberId: pharmacyCard.id, amount: { amount: '200.00', currency: 'EUR' } });
  const merged = await app.request('POST', '/v1/me/merges', {
    token,
    body: { claimCode: pharmacyCard.claim.code },
  });
  expect(merged.status, JSON.stringify(merged.body)).toBe(201);
  expect(merged.body).toMatchObject({ memberId, absorbedMemberId: pharmacyCard.id, pointsMoved: 200 });
  const me = await app.request('GET', '/v1/me', { token });
  expect(me.body.available).toBe(500);

  // Consents: the hotel may message them; a cap of one message a week from every partner together.
  const consent = await app.request('PUT', `/v1/me/consents/${hotel.partner.id}`, {
    token,
    body: { profile: false, tier: true, balance: false, messages: true },
  });
  expect(consent.status, JSON.stringify(consent.body)).toBe(200);
  const settings = await app.request('PUT', '/v1/me/contact-settings', {
    token,
    body: { weeklyCap: 1, topicCaps: {}, quietHours: null },
  });
  expect(settings.status, JSON.stringify(settings.body)).toBe(200);
  const offer = { memberId, topic: 'offers', title: 'A night on us', body: 'Two nights, the third free.' };
  const first = await app.request('POST', '/v1/messages', {
    token: await hotel.token(),
    idempotencyKey: newKey('message'),
    body: offer,
  });
  expect(first.status, JSON.stringify(first.body)).toBe(201);
  const second = await app.request('POST', '/v1/messages', {
    token: await hotel.token(),
    idempotencyKey: newKey('message'),
    body: offer,
  });
  expect(second.status).toBe(409);
  expect(second.body.code).toBe('contact_cap_reached');

  // At the hotel: without a pay code the redemption is refused; with one it goes through, once.
  const refused = await hotel.redeem({ memberId, points: 100 });
  expect(refused.status).toBeGreaterThanOrEqual(400);
  expect(refused.status).toBeLessThan(500);
  expect((await app.request('GET', '/v1/me', { token })).body.available).toBe(500);
  const payCode = await app.request('POST', '/v1/me/pay-codes', {
    token,
    body: { partnerId: hotel.partner.id, maxPoints: 150 },
  });
  expect(payCode.status, JSON.stringify(payCode.body)).toBe(201);
  const redeemed = await hotel.redeem({ memberId, points: 150, payCode: payCode.body.code });
  expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(201);
  expect((await app.request('GET', '/v1/me', { token })).body.available).toBe(350);
  await expectLedgerInvariants(app);

  // Everything Tessera holds about them, then erasure: the remaining points forfeited.
  const exported = await app.request('GET', '/v1/me/export', { token });
  expect(exported.status).toBe(200);
  expect(exported.body.sections.passkeys).toEqual([expect.objectContaining({ name: 'My phone' })]);
  expect(exported.body.sections.messages).toEqual([expect.objectContaining({ title: 'A night on us' })]);
  expect(exported.body.sections.consents.length).toBeGreaterThan(0);
  const erased = await app.request('DELETE', '/v1/me', { token, body: { remainingPoints: 'forfeit' } });
  expect(erased.status, JSON.stringify(erased.body)).toBe(200);
  expect(erased.body).toMatchObject({ memberId, pointsForfeited: 350 });
  expect((await signInWithPasskey(app, phone)).status).toBe(401);
  expect((await app.request('GET', '/v1/me', { token })).status).toBe(404);
  const [wallet] = (await app.deps.db.all(
    sql`SELECT balance FROM accounts WHERE id = ${`wallet:${memberId}`}`,
  )) as { balance: number }[];
  expect(wallet?.balance).toBe(0);
  await expectLedgerInvariants(app);
});
