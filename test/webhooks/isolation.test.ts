import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EVENT_TYPES, type Receiver as EventReceiver, eventTypes } from '../../src/domain/events/registry.js';
import { type PartnerClient, partnerClient, publishRates } from '../support/coalition.js';
import { TestApp, type TestResponse } from '../support/harness.js';
import { dispatchAll, Receiver } from './support.js';

/**
 * Isolation matrix: three partners and the operator, each with an endpoint taking every type it
 * may receive, after a round of everything that makes events (enrolments at several partners,
 * earns, holds, voids, refunds, redemptions across partners, keys, a suspension, a settlement).
 * A partner's endpoint carries exactly its own feed, never another partner's event; the
 * operator's carries every event.
 */
let app: TestApp;
const partners: PartnerClient[] = [];
const receivers = new Map<string, Receiver>();
let operatorReceiver: Receiver;
const partnerTypes = eventTypes.filter((type) =>
  (EVENT_TYPES[type].receivers as readonly EventReceiver[]).includes('partner'),
);

beforeAll(async () => {
  app = await TestApp.create({ environment: { WEBHOOK_ALLOW_PRIVATE_URLS: 'true' } });
  await publishRates(app);
  for (const [name, currency] of [
    ['Harbor Hotel', 'USD'],
    ['Mitte Mode', 'EUR'],
    ['Lékárna Praha', 'CZK'],
  ] as const) {
    const partner = await partnerClient(app, { name, settlementCurrency: currency });
    const receiver = await Receiver.start();
    const endpoint = await app.request('POST', '/v1/webhook-endpoints', {
      token: await partner.token(),
      body: { url: receiver.url, eventTypes: partnerTypes },
    });
    expect(endpoint.status).toBe(201);
    partners.push(partner);
    receivers.set(partner.partner.id, receiver);
  }
  operatorReceiver = await Receiver.start();
  await app.request('POST', '/v1/webhook-endpoints', {
    token: await app.operatorToken(),
    body: { url: operatorReceiver.url, eventTypes },
  });

  const [hotel, shop, pharmacy] = partners as [PartnerClient, PartnerClient, PartnerClient];
  const guest = await hotel.enrol();
  const shopper = await shop.enrol();
  await pharmacy.enrol({ externalReference: 'RX-1' });
  const earned = succeeded(
    await hotel.earn({ memberId: guest, amount: { amount: '217.00', currency: 'USD' } }),
  );
  succeeded(await shop.earn({ memberId: shopper, amount: { amount: '80.00', currency: 'EUR' } }));
  succeeded(await shop.earn({ memberId: guest, amount: { amount: '20.00', currency: 'EUR' } }));
  const hold = succeeded(
    await pharmacy.earn({ memberId: guest, amount: { amount: '500.00', currency: 'CZK' }, hold: {} }),
  );
  succeeded(await pharmacy.void(hold.id));
  succeeded(await hotel.reverse(earned.id, { amount: { amount: '21.70', currency: 'USD' } }));
  succeeded(await shop.redeem({ memberId: guest, points: 50 }));
  succeeded(await pharmacy.redeem({ memberId: shopper, points: 10 }));
  await app.registerPartnerKey(shop.partner.id);
  const operator = await app.operatorToken();
  for (const status of ['suspended', 'active']) {
    succeeded(
      await app.request('PATCH', `/v1/partners/${pharmacy.partner.id}`, {
        token: operator,
        body: { status },
      }),
    );
  }
  const closed = await app.request('POST', '/v1/settlements', { token: operator, body: {} });
  expect(closed.status).toBe(201);
  await dispatchAll(app);
});

afterAll(async () => {
  for (const receiver of [...receivers.values(), operatorReceiver]) await receiver?.close();
  await app.close();
});

/** A write of the fixture that must have succeeded: its body. */
function succeeded(response: TestResponse<{ id: string }>): { id: string } {
  expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
  return response.body;
}

async function feedIds(token: string): Promise<string[]> {
  const page = await app.request('GET', '/v1/events?limit=500', { token });
  return page.body.data.map((event: { id: string }) => event.id);
}

describe('a partner’s endpoint carries exactly its own feed', () => {
  test.each([0, 1, 2])('partner %i', async (index) => {
    const partner = partners[index] as PartnerClient;
    const received = receivers.get(partner.partner.id)?.events() ?? [];
    expect(received.length).toBeGreaterThan(3);
    for (const event of received) expect(event.data.partnerId).toBe(partner.partner.id);
    const own = await feedIds(await partner.token());
    // Its endpoint was registered after its first key was added: everything since is in both.
    // Deliveries are not ordered (docs/events.md), so the two are compared as sets.
    expect(received.map((event) => event.id).sort()).toEqual(own.slice(own.length - received.length).sort());
    expect(received.map((event) => event.type)).toEqual(expect.arrayContaining(['statement.available']));
    for (const other of partners.filter((candidate) => candidate !== partner)) {
      const theirs = new Set(
        receivers
          .get(other.partner.id)
          ?.events()
          .map((event) => event.id),
      );
      expect(received.filter((event) => theirs.has(event.id))).toEqual([]);
    }
  });

  test('the operator’s endpoint carries every event since it was registered', async () => {
    const all = await feedIds(await app.operatorToken());
    const received = operatorReceiver.events().map((event) => event.id);
    // Not ordered either: the same events as the feed's newest, as a set.
    expect([...received].sort()).toEqual(all.slice(all.length - received.length).sort());
    const everyPartners = partners.flatMap((partner) => receivers.get(partner.partner.id)?.events() ?? []);
    expect(new Set(received)).toEqual(new Set([...received, ...everyPartners.map((event) => event.id)]));
    expect(new Set(operatorReceiver.events().map((event) => event.type))).toContain('transaction.voided');
  });
});
