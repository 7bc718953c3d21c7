import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, test } from 'vitest';
import {
  callerMatrix,
  callerToken,
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

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const MESSAGING = { profile: false, tier: true, balance: true, messages: true };
const OFFER = { topic: 'offers', title: 'Double points this weekend', body: 'Stay two nights, earn twice.' };

/** A member enrolled at the hotel; the clock at 2026-11-23T09:00Z (10:00 in Prague, 01:00 in Los Angeles). */
async function coalition(environment: Record<string, string> = {}) {
  app = await TestApp.create({ environment });
  await publishRates(app);
  const hotel = await partnerClient(app, { name: 'Hotel Aurora' });
  const memberId = await hotel.enrol();
  const memberToken = await app.memberToken(memberId);
  const allow = async (partner: PartnerClient, scopes: Record<string, boolean> = MESSAGING) => {
    const response = await app.request('PUT', `/v1/me/consents/${partner.partner.id}`, {
      token: memberToken,
      body: scopes,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  };
  const settings = async (body: Record<string, unknown>) => {
    const response = await app.request('PUT', '/v1/me/contact-settings', {
      token: await app.memberToken(memberId),
      body,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };
  const send = async (partner: PartnerClient, body: Record<string, unknown> = {}, key = newKey()) =>
    app.request('POST', '/v1/messages', {
      token: await partner.token(),
      idempotencyKey: key,
      body: { memberId, ...OFFER, ...body },
    });
  const inbox = async () => (await app.request('GET', '/v1/me/inbox', { token: memberToken })).body;
  return { hotel, memberId, memberToken, allow, settings, send, inbox };
}

const snapshot = async () => ({
  messages: await app.deps.db.all(sql`SELECT * FROM member_messages ORDER BY rowid`),
  events: await app.deps.db.all(sql`SELECT * FROM events ORDER BY rowid`),
});

async function expectRefused(
  sending: () => Promise<{ status: number; body: Record<string, unknown> }>,
  status: number,
  code: string,
) {
  const before = await snapshot();
  const response = await sending();
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.code).toBe(code);
  expect(await snapshot(), 'nothing changed').toEqual(before);
  return response.body;
}

describe('a partner messages a member who allowed it', () => {
  test('the message is in the inbox, the app is told, and the member marks it read', async () => {
    const { hotel, memberId, memberToken, allow, send, inbox } = await coalition();
    await allow(hotel);
    const action = { label: 'Book now', url: 'https://hotel-aurora.example/weekend' };
    const sent = await send(hotel, { action });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const delivered = {
      id: sent.body.id,
      memberId,
      sender: 'partner',
      partnerId: hotel.partner.id,
      ...OFFER,
      action,
      counted: true,
      deliveredAt: new Date(app.clock.nowMs).toISOString(),
      readAt: null,
    };
    expect(sent.body).toEqual(delivered);
    expect(await inbox()).toEqual({ data: [delivered], nextCursor: null });
    const feed = await app.request('GET', '/v1/events?types=message.delivered', { token: memberToken });
    expect(feed.body.data.map((event: { data: unknown }) => event.data)).toEqual([
      { messageId: sent.body.id, memberId, partnerId: hotel.partner.id, topic: 'offers', title: OFFER.title },
    ]);
    app.clock.advance(60_000);
    const read = await app.request('POST', `/v1/me/inbox/${sent.body.id}/read`, { token: memberToken });
    expect(read.body.readAt).toBe(new Date(app.clock.nowMs).toISOString());
    app.clock.advance(60_000);
    const again = await app.request('POST', `/v1/me/inbox/${sent.body.id}/read`, { token: memberToken });
    expect(again.body.readAt, 'the first time is kept').toBe(read.body.readAt);
  });

  test('a retry with the same Idempotency-Key answers the same message and delivers nothing more', async () => {
    const { hotel, allow, send, inbox } = await coalition();
    await allow(hotel);
    const first = await send(hotel, {}, 'offer-1');
    const retry = await send(hotel, {}, 'offer-1');
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect((await inbox()).data).toHaveLength(1);
  });
});

describe('without consent nothing is delivered', () => {
  test('by default a partner may not message: 403 consent_required', async () => {
    const { hotel, send } = await coalition();
    const refused = await expectRefused(() => send(hotel), 403, 'consent_required');
    expect(refused.scope).toBe('messages');
  });

  test('a revoked consent refuses the very next message', async () => {
    const { hotel, allow, send } = await coalition();
    await allow(hotel);
    expect((await send(hotel)).status).toBe(201);
    await allow(hotel, { ...MESSAGING, messages: false });
    await expectRefused(() => send(hotel), 403, 'consent_required');
  });

  test('a member who does not exist is 404 member_not_found', async () => {
    const { hotel, send } = await coalition();
    await expectRefused(
      () => send(hotel, { memberId: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
      404,
      'member_not_found',
    );
  });

  test.each([
    ['a topic partners do not send', { topic: 'status' }],
    ['an empty title', { title: '' }],
    ['an http call to action', { action: { label: 'Go', url: 'http://example.com' } }],
    ['an unknown field', { priority: 'high' }],
  ])('%s is 422 validation_failed', async (_, body) => {
    const { hotel, allow, send } = await coalition();
    await allow(hotel);
    await expectRefused(() => send(hotel, body), 422, 'validation_failed');
  });

  test.each(callerMatrix('partner'))('$caller may send: $allowed', async ({ caller, allowed, code }) => {
    const { hotel, memberId, allow } = await coalition();
    await allow(hotel);
    const token = await callerToken(app, caller, { partner: hotel, memberId });
    const sending = () =>
      app.request('POST', '/v1/messages', {
        ...(token === undefined ? {} : { token }),
        idempotencyKey: newKey(),
        body: { memberId, ...OFFER },
      });
    if (allowed) expect((await sending()).status).toBe(201);
    else await expectRefused(sending, 401, code ?? '');
  });
});

describe('the contact cap counts every partner together', () => {
  test('the third message in seven days is refused with when the next fits, and fits exactly then', async () => {
    const { hotel, allow, send } = await coalition();
    const shop = await partnerClient(app, { name: 'Mitte Mode' });
    await allow(hotel);
    await allow(shop);
    const firstAt = app.clock.nowMs;
    expect((await send(hotel)).status).toBe(201);
    app.clock.advance(DAY_MS);
    expect((await send(shop, { topic: 'news' })).status).toBe(201);
    app.clock.advance(DAY_MS);
    const refused = await expectRefused(() => send(hotel), 409, 'contact_cap_reached');
    expect(refused.nextFitAt).toBe(new Date(firstAt + WEEK_MS).toISOString());

    app.clock.nowMs = firstAt + WEEK_MS - 1;
    await expectRefused(() => send(shop), 409, 'contact_cap_reached');
    app.clock.nowMs = firstAt + WEEK_MS;
    expect((await send(shop)).status, 'the first left the window').toBe(201);
  });

  test('the member lowers the cap, and per topic; a topic at 0 never fits until they change it', async () => {
    const { hotel, allow, settings, send } = await coalition();
    await allow(hotel);
    const saved = await settings({ weeklyCap: 1, topicCaps: { news: 0 }, quietHours: null });
    expect(saved).toEqual({
      weeklyCap: 1,
      topicCaps: { news: 0 },
      quietHours: null,
      effectiveWeeklyCap: 1,
      networkWeeklyCap: 2,
    });
    const news = await expectRefused(() => send(hotel, { topic: 'news' }), 409, 'contact_cap_reached');
    expect(news.nextFitAt).toBeNull();
    const sentAt = app.clock.nowMs;
    expect((await send(hotel)).status).toBe(201);
    const second = await expectRefused(() => send(hotel, { topic: 'events' }), 409, 'contact_cap_reached');
    expect(second.nextFitAt).toBe(new Date(sentAt + WEEK_MS).toISOString());
  });

  test('a cap above the network’s does not raise it', async () => {
    const { hotel, allow, settings, send } = await coalition({ CONTACT_CAP_WEEKLY: '1' });
    await allow(hotel);
    expect((await settings({ weeklyCap: 5, topicCaps: {}, quietHours: null })).effectiveWeeklyCap).toBe(1);
    expect((await send(hotel)).status).toBe(201);
    await expectRefused(() => send(hotel), 409, 'contact_cap_reached');
  });

  test('50 concurrent messages from 10 partners deliver exactly the cap', async () => {
    const { memberId, allow, inbox } = await coalition({ CONTACT_CAP_WEEKLY: '3' });
    const partners = await Promise.all(
      Array.from({ length: 10 }, (_, index) => partnerClient(app, { name: `Partner ${index}` })),
    );
    for (const partner of partners) await allow(partner);
    const tokens = await Promise.all(partners.map((partner) => partner.token()));
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        app.request('POST', '/v1/messages', {
          token: tokens[index % 10],
          idempotencyKey: newKey(),
          body: { memberId, ...OFFER },
        }),
      ),
    );
    const statuses = responses.map((response) => `${response.status} ${response.body.code ?? ''}`.trim());
    expect(statuses.filter((status) => status === '201')).toHaveLength(3);
    expect(statuses.filter((status) => status !== '201')).toEqual(
      Array.from({ length: 47 }, () => '409 contact_cap_reached'),
    );
    const rows = await app.deps.db.all(sql`SELECT id FROM member_messages WHERE member_id = ${memberId}`);
    expect(rows).toHaveLength(3);
    expect((await inbox()).data).toHaveLength(3);
  });
});

describe('quiet hours, in the member’s time zone', () => {
  test('a message in the member’s night is refused until their morning, across the date line of UTC', async () => {
    const { hotel, allow, settings, send } = await coalition();
    await allow(hotel);
    // 09:00 UTC is 01:00 in Los Angeles: quiet until 07:00 there, 15:00 UTC.
    await settings({
      weeklyCap: null,
      topicCaps: {},
      quietHours: { from: '22:00', until: '07:00', timeZone: 'America/Los_Angeles' },
    });
    const refused = await expectRefused(() => send(hotel), 409, 'member_quiet_hours');
    expect(refused.nextFitAt).toBe('2026-11-23T15:00:00.000Z');
    app.clock.nowMs = Date.parse('2026-11-23T14:59:59.999Z');
    await expectRefused(() => send(hotel), 409, 'member_quiet_hours');
    app.clock.nowMs = Date.parse('2026-11-23T15:00:00.000Z');
    expect((await send(hotel)).status).toBe(201);
    // 22:00 in Los Angeles is 06:00 UTC the next day.
    app.clock.nowMs = Date.parse('2026-11-24T05:59:00.000Z');
    expect((await send(hotel)).status).toBe(201);
    app.clock.nowMs = Date.parse('2026-11-24T06:00:00.000Z');
    const night = await expectRefused(() => send(hotel), 409, 'member_quiet_hours');
    // The cap (2) is full too: the next fits when the first leaves the window, which is daytime there.
    expect(night.nextFitAt).toBe('2026-11-30T15:00:00.000Z');
  });

  test('when the cap frees up in the night, the next fit is the morning after', async () => {
    const { hotel, allow, settings, send } = await coalition({ CONTACT_CAP_WEEKLY: '1' });
    await allow(hotel);
    // Sent at 09:00 UTC, 10:00 in Prague; the cap frees at 09:00 UTC a week later, 10:00 there.
    expect((await send(hotel)).status).toBe(201);
    app.clock.nowMs = Date.parse('2026-11-23T12:30:00.000Z'); // 13:30 in Prague
    await settings({
      weeklyCap: null,
      topicCaps: {},
      quietHours: { from: '09:30', until: '12:00', timeZone: 'Europe/Prague' },
    });
    const refused = await expectRefused(() => send(hotel), 409, 'contact_cap_reached');
    expect(refused.nextFitAt).toBe('2026-11-30T11:00:00.000Z');
  });

  test.each([
    ['an unknown time zone', { from: '22:00', until: '07:00', timeZone: 'Mars/Olympus' }],
    ['a time that is not a time', { from: '24:00', until: '07:00', timeZone: 'Europe/Prague' }],
    ['no hours at all', { from: '07:00', until: '07:00', timeZone: 'Europe/Prague' }],
  ])('%s is 422 validation_failed and changes nothing', async (_, quietHours) => {
    const { memberToken } = await coalition();
    const before = await app.deps.db.all(sql`SELECT * FROM member_contact_settings`);
    const response = await app.request('PUT', '/v1/me/contact-settings', {
      token: memberToken,
      body: { weeklyCap: null, topicCaps: {}, quietHours },
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('validation_failed');
    expect(await app.deps.db.all(sql`SELECT * FROM member_contact_settings`)).toEqual(before);
  });
});
