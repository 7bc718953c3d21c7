import { SoftwareAuthenticator } from '../support/authenticator.js';
import { newKey, type PartnerClient, partnerClient, publishRates } from '../support/coalition.js';
import type { TestApp } from '../support/harness.js';
import { claimedMember, registerPasskey } from '../support/members.js';

export const WALLET = 'https://wallet.tessera.example';

/** What the member told Tessera: distinctive values that a scan of the database can look for. */
export const PERSONAL = {
  displayName: 'Zdenka Quistorpova',
  email: 'zdenka.quistorpova@example.com',
  phone: '+420777123456',
  postalArea: '602 00',
} as const;

/**
 * A member with everything Tessera keeps about a person: enrolled at a hotel with a card number,
 * the wallet claimed, a passkey, a profile, a pay code, 1000 points earned and 200 spent at a shop.
 */
/** A message title no other row holds, to find it anywhere in the database. */
export const MESSAGE_TITLE = 'Zdenka, your winter offer';

export async function memberWithEverything(app: TestApp) {
  await publishRates(app);
  const hotel = await partnerClient(app, { settlementCurrency: 'USD', earnRate: '1' });
  const shop = await partnerClient(app, { settlementCurrency: 'EUR' });
  const cardNumber = `CARD-${newKey('card').slice(-12)}`;
  const member = await claimedMember(app, hotel, { externalReference: cardNumber });
  const token = member.accessToken;
  const phone = await SoftwareAuthenticator.create({ origin: WALLET });
  const passkey = await registerPasskey(app, token, phone, 'Zdenka phone');
  await expectStatus(
    app.request('PATCH', '/v1/me/profile', {
      token,
      body: { ...PERSONAL, locale: 'cs-CZ', homeCountry: 'CZ' },
      idempotencyKey: newKey('profile'),
    }),
    200,
  );
  await expectStatus(app.request('POST', '/v1/me/pay-codes', { token, body: {} }), 201);
  // The shop links its own card number to the member, who shows a pay code.
  const linkedCardNumber = `SHOP-${newKey('card').slice(-12)}`;
  const linkCode = await expectStatus(
    app.request('POST', '/v1/me/pay-codes', { token, body: { partnerId: shop.partner.id } }),
    201,
  );
  await expectStatus(
    app.request('POST', `/v1/members/${member.memberId}/links`, {
      token: await shop.token(),
      body: { externalReference: linkedCardNumber, payCode: (linkCode.body as { code: string }).code },
      idempotencyKey: newKey('link'),
    }),
    201,
  );
  // The member lets the shop message them, keeps quiet hours, and gets a message in the inbox.
  await expectStatus(
    app.request('PUT', `/v1/me/consents/${shop.partner.id}`, {
      token,
      body: { profile: true, tier: true, balance: true, messages: true },
    }),
    200,
  );
  await expectStatus(
    app.request('PUT', '/v1/me/contact-settings', {
      token,
      body: {
        weeklyCap: 1,
        topicCaps: { offers: 1 },
        quietHours: { from: '22:00', until: '07:00', timeZone: 'Europe/Prague' },
      },
    }),
    200,
  );
  await expectStatus(
    app.request('POST', '/v1/messages', {
      token: await shop.token(),
      idempotencyKey: newKey('message'),
      body: { memberId: member.memberId, topic: 'offers', title: MESSAGE_TITLE, body: 'Two for one.' },
    }),
    201,
  );
  // 1085.00 USD / 1.0850 = 1000 points
  await expectStatus(
    hotel.earn({ memberId: member.memberId, amount: { amount: '1085.00', currency: 'USD' } }),
    201,
  );
  await expectStatus(shop.redeem({ memberId: member.memberId, points: 200 }), 201);
  return { hotel, shop, member, token, phone, passkey, cardNumber, linkedCardNumber };
}

export type MemberWithEverything = Awaited<ReturnType<typeof memberWithEverything>>;
export type { PartnerClient };

async function expectStatus(pending: Promise<{ status: number; body: unknown }>, status: number) {
  const response = await pending;
  if (response.status !== status)
    throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  return response;
}
