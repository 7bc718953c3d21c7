import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { newKey, type PartnerClient, partnerClient } from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';
import { claim, claimedMember, enrolWithClaim, identitySnapshot } from '../../support/members.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

let app: TestApp;
let shop: PartnerClient;
beforeEach(async () => {
  app = await TestApp.create({ environment: { WALLET_ORIGINS: 'https://wallet.example' } });
  shop = await partnerClient(app, {
    name: 'Modehaus Berlin',
    sector: 'retail',
    country: 'DE',
    settlementCurrency: 'EUR',
  });
});
afterEach(async () => {
  await app.close();
});

describe('the claim code of an enrolment', () => {
  test('enrolment answers a one-time code and a wallet link for a QR code; only its hash is stored', async () => {
    const enrolled = await enrolWithClaim(app, shop, { externalReference: 'MODE-0001' });
    expect(enrolled.claim.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    const plain = enrolled.claim.code.replaceAll('-', '');
    expect(enrolled.claim.url).toBe(`https://wallet.example/claim#code=${plain}`);
    expect(Date.parse(enrolled.claim.expiresAt) - app.clock.nowMs).toBe(30 * DAY_MS);
    const stored = JSON.stringify(await app.deps.db.all(sql`SELECT * FROM claim_codes`));
    const answers = JSON.stringify(await app.deps.db.all(sql`SELECT * FROM idempotency_records`));
    for (const text of [stored, answers]) {
      expect(text).not.toContain(plain);
      expect(text).not.toContain(enrolled.claim.code);
    }
  });

  test('a replayed enrolment answers the very same code, which still works once', async () => {
    const key = newKey('enrol');
    const send = async () =>
      app.request('POST', '/v1/members', { token: await shop.token(), body: {}, idempotencyKey: key });
    const first = await send();
    const replay = await send();
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect((await claim(app, first.body.claim.code)).status).toBe(201);
    expect((await claim(app, replay.body.claim.code)).body.code).toBe('claim_code_used');
  });

  test('claiming signs the member in: the access token opens the member API, the wallet is claimed', async () => {
    const enrolled = await enrolWithClaim(app, shop);
    // Read as people type it: lower case, spaces instead of dashes.
    const response = await claim(app, enrolled.claim.code.toLowerCase().replaceAll('-', ' '));
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body).toMatchObject({
      memberId: enrolled.id,
      tokenType: 'Bearer',
      claimedAt: new Date(app.clock.nowMs).toISOString(),
      expiresAt: new Date(app.clock.nowMs + 900_000).toISOString(),
      refreshExpiresAt: new Date(app.clock.nowMs + 30 * DAY_MS).toISOString(),
    });
    expect(response.body.refreshToken).toMatch(/^tsr_[\w-]{43}$/);
    const me = await app.request('GET', '/v1/me', { token: response.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.memberId).toBe(enrolled.id);
  });

  test('a used code is refused and changes nothing', async () => {
    const enrolled = await enrolWithClaim(app, shop);
    expect((await claim(app, enrolled.claim.code)).status).toBe(201);
    const before = await identitySnapshot(app);
    const again = await claim(app, enrolled.claim.code);
    expect(again.status).toBe(410);
    expect(again.body.code).toBe('claim_code_used');
    expect(await identitySnapshot(app)).toEqual(before);
  });

  test('an expired code is refused and changes nothing', async () => {
    const enrolled = await enrolWithClaim(app, shop);
    app.clock.advance(30 * DAY_MS);
    const before = await identitySnapshot(app);
    const response = await claim(app, enrolled.claim.code);
    expect(response.status).toBe(410);
    expect(response.body.code).toBe('claim_code_expired');
    expect(await identitySnapshot(app)).toEqual(before);
  });

  test('one code claimed ten times at once opens exactly one session', async () => {
    const enrolled = await enrolWithClaim(app, shop);
    const responses = await Promise.all(Array.from({ length: 10 }, () => claim(app, enrolled.claim.code)));
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    expect(new Set(responses.filter((r) => r.status !== 201).map((r) => r.body.code))).toEqual(
      new Set(['claim_code_used']),
    );
    expect(await app.deps.db.all(sql`SELECT id FROM member_sessions`)).toHaveLength(1);
  });
});

describe('guessing claim codes', () => {
  test('after 10 wrong codes in the hour an address waits, even with the right code; the next hour it may claim', async () => {
    const enrolled = await enrolWithClaim(app, shop);
    for (let guess = 0; guess < 10; guess += 1) {
      const response = await claim(app, `0000-0000-0000-${String(guess).padStart(4, '0')}`);
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('claim_code_invalid');
    }
    const before = await identitySnapshot(app);
    const stopped = await claim(app, enrolled.claim.code);
    expect(stopped.status).toBe(429);
    expect(stopped.body.code).toBe('rate_limited');
    expect(Number(stopped.headers.get('retry-after'))).toBe(3600);
    expect(await identitySnapshot(app)).toEqual(before);
    app.clock.advance(HOUR_MS);
    expect((await claim(app, enrolled.claim.code)).status).toBe(201);
  });

  test('a hundred guesses at once: no more than the limit are even looked at', async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, guess) =>
        claim(app, `1111-2222-3333-${String(guess).padStart(4, '0')}`),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 404)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(90);
  });

  test('right guesses are forgiven: only wrong ones count', async () => {
    for (let member = 0; member < 12; member += 1) {
      const enrolled = await enrolWithClaim(app, shop);
      expect((await claim(app, enrolled.claim.code)).status).toBe(201);
    }
  });

  test('each client address has its own count, taken from the configured header behind a proxy', async () => {
    const proxied = await TestApp.create({ environment: { CLIENT_ADDRESS_HEADER: 'x-forwarded-for' } });
    try {
      const from = (address: string) =>
        proxied.request('POST', '/v1/claims', {
          body: { code: '0000-0000-0000-0000' },
          headers: { 'x-forwarded-for': `${address}, 10.0.0.1` },
        });
      for (let guess = 0; guess < 10; guess += 1) expect((await from('203.0.113.7')).status).toBe(404);
      expect((await from('203.0.113.7')).status).toBe(429);
      expect((await from('203.0.113.8')).status).toBe(404);
      // One IPv6 subscriber (a /64) is one address, whatever its interface part.
      for (let guess = 0; guess < 10; guess += 1)
        expect((await from(`2001:db8:1:2::${guess}`)).status).toBe(404);
      expect((await from('2001:db8:1:2:ffff::1')).status).toBe(429);
      expect(JSON.stringify(await proxied.deps.db.all(sql`SELECT * FROM guess_attempts`))).not.toContain(
        '203.0.113',
      );
    } finally {
      await proxied.close();
    }
  });
});

describe('recovery claim codes', () => {
  test('the enrolling partner issues a new code, audited; the old one stops working and the member is told', async () => {
    const enrolled = await enrolWithClaim(app, shop);
    const response = await app.request('POST', `/v1/members/${enrolled.id}/claim-codes`, {
      token: await shop.token(),
      idempotencyKey: newKey('recovery'),
    });
    expect(response.status).toBe(201);
    expect(response.body.claim.code).not.toBe(enrolled.claim.code);
    expect((await claim(app, enrolled.claim.code)).body.code).toBe('claim_code_invalid');
    expect((await claim(app, response.body.claim.code)).status).toBe(201);
    const audit = await app.request('GET', '/v1/audit-log', { token: await app.operatorToken() });
    expect(audit.body.data[0]).toMatchObject({
      actor: shop.partner.id,
      action: 'member.claim_code_issue',
      target: enrolled.id,
    });
    const [event] = (await app.deps.db.all(
      sql`SELECT data FROM events WHERE type = 'member.claim_code_issued'`,
    )) as { data: string }[];
    expect(JSON.parse(event?.data ?? '{}')).toMatchObject({ memberId: enrolled.id, issuedBy: 'partner' });
  });

  test('the operator issues one for any member; a partner that does not serve the member cannot', async () => {
    const enrolled = await enrolWithClaim(app, shop);
    const hotel = await partnerClient(app);
    const stranger = await app.request('POST', `/v1/members/${enrolled.id}/claim-codes`, {
      token: await hotel.token(),
      idempotencyKey: newKey('recovery'),
    });
    expect(stranger.status).toBe(404);
    expect(stranger.body.code).toBe('member_not_found');
    const operator = await app.request('POST', `/v1/members/${enrolled.id}/claim-codes`, {
      token: await app.operatorToken(),
      idempotencyKey: newKey('recovery'),
    });
    expect(operator.status).toBe(201);
    const audit = await app.request('GET', '/v1/audit-log', { token: await app.operatorToken() });
    expect(audit.body.data[0]).toMatchObject({ actor: 'operator', action: 'member.claim_code_issue' });
  });

  test('a member token cannot issue one', async () => {
    const member = await claimedMember(app, shop);
    const response = await app.request('POST', `/v1/members/${member.memberId}/claim-codes`, {
      token: member.accessToken,
    });
    expect(response.status).toBe(401);
  });
});

describe('sessions', () => {
  test('a refresh token works once and is replaced; the access token it answers opens the member API', async () => {
    const member = await claimedMember(app, shop);
    app.clock.advance(600_000);
    const refreshed = await app.request('POST', '/v1/sessions/refresh', {
      body: { refreshToken: member.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.sessionId).toBe(member.sessionId);
    expect(refreshed.body.refreshToken).not.toBe(member.refreshToken);
    expect((await app.request('GET', '/v1/me', { token: refreshed.body.accessToken })).status).toBe(200);
  });

  test('a refresh token used twice ends the session for every holder', async () => {
    const member = await claimedMember(app, shop);
    const first = await app.request('POST', '/v1/sessions/refresh', {
      body: { refreshToken: member.refreshToken },
    });
    const stolen = await app.request('POST', '/v1/sessions/refresh', {
      body: { refreshToken: member.refreshToken },
    });
    expect(stolen.status).toBe(401);
    expect(stolen.body.code).toBe('refresh_token_reused');
    const next = await app.request('POST', '/v1/sessions/refresh', {
      body: { refreshToken: first.body.refreshToken },
    });
    expect(next.body.code).toBe('refresh_token_invalid');
    const me = await app.request('GET', '/v1/me', { token: first.body.accessToken });
    expect(me.status).toBe(401);
    expect(me.body.detail).toMatch(/session of this token has ended/);
  });

  test('a session ends MEMBER_SESSION_DAYS after sign-in, however often it was refreshed', async () => {
    const member = await claimedMember(app, shop);
    let token = member.refreshToken;
    for (let day = 0; day < 29; day += 1) {
      app.clock.advance(DAY_MS);
      const refreshed = await app.request('POST', '/v1/sessions/refresh', { body: { refreshToken: token } });
      expect(refreshed.status).toBe(200);
      token = refreshed.body.refreshToken;
    }
    app.clock.advance(DAY_MS);
    const late = await app.request('POST', '/v1/sessions/refresh', { body: { refreshToken: token } });
    expect(late.body.code).toBe('refresh_token_invalid');
  });

  test('signing out ends the session at once', async () => {
    const member = await claimedMember(app, shop);
    const out = await app.request('DELETE', '/v1/sessions/current', { token: member.accessToken });
    expect(out.status).toBe(204);
    expect((await app.request('GET', '/v1/me', { token: member.accessToken })).status).toBe(401);
    const refreshed = await app.request('POST', '/v1/sessions/refresh', {
      body: { refreshToken: member.refreshToken },
    });
    expect(refreshed.body.code).toBe('refresh_token_invalid');
  });

  test('the web wallet keeps its refresh token in a __Host- cookie no script can read', async () => {
    const enrolled = await enrolWithClaim(app, shop);
    const claimed = await claim(app, enrolled.claim.code, { cookie: true });
    expect(claimed.body.refreshToken).toBeNull();
    const cookie = claimed.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-tessera-refresh=tsr_[\w-]+;/);
    for (const attribute of ['Path=/', 'Secure', 'HttpOnly', 'SameSite=Strict', `Max-Age=${30 * 86_400}`])
      expect(cookie).toContain(attribute);
    const refreshed = await app.request('POST', '/v1/sessions/refresh', {
      body: {},
      headers: { cookie: cookie.split(';')[0] ?? '' },
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).toBeNull();
    expect(refreshed.headers.get('set-cookie')).toMatch(/^__Host-tessera-refresh=tsr_/);
  });
});

describe('the profile', () => {
  test('the member gives, changes and clears fields; partners with consent are told which changed', async () => {
    const member = await claimedMember(app, shop);
    const empty = await app.request('GET', '/v1/me/profile', { token: member.accessToken });
    expect(empty.body).toEqual({
      displayName: null,
      email: null,
      phone: null,
      locale: null,
      homeCountry: null,
      postalArea: null,
      updatedAt: null,
    });
    const set = await app.request('PATCH', '/v1/me/profile', {
      token: member.accessToken,
      body: { displayName: 'Jana', email: 'jana@example.com', homeCountry: 'CZ', postalArea: '110 00' },
    });
    expect(set.status).toBe(200);
    const cleared = await app.request('PATCH', '/v1/me/profile', {
      token: member.accessToken,
      body: { email: null, locale: 'cs-CZ' },
    });
    expect(cleared.body).toMatchObject({
      displayName: 'Jana',
      email: null,
      locale: 'cs-CZ',
      homeCountry: 'CZ',
      postalArea: '110 00',
    });
    const events = (await app.deps.db.all(
      sql`SELECT data FROM events WHERE type = 'member.profile_changed' ORDER BY position`,
    )) as { data: string }[];
    expect(events.map((event) => JSON.parse(event.data).fields)).toEqual([
      ['displayName', 'email', 'homeCountry', 'postalArea'],
      ['email', 'locale'],
    ]);
    expect(events.map((event) => event.data).join()).not.toContain('Jana');
  });

  test('values that are not what they claim to be are refused', async () => {
    const member = await claimedMember(app, shop);
    for (const body of [
      { email: 'not an address' },
      { phone: '0601 234 567' },
      { homeCountry: 'cz' },
      { nickname: 'J' },
    ]) {
      const response = await app.request('PATCH', '/v1/me/profile', { token: member.accessToken, body });
      expect(response.status, JSON.stringify(body)).toBe(422);
    }
  });
});
