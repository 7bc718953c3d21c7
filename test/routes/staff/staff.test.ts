import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SoftwareAuthenticator } from '../../support/authenticator.js';
import { partnerClient, publishRates } from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';
import { accept, invite, staffSignIn, staffSnapshot, staffUser } from '../../support/staff.js';

let app: TestApp;
beforeAll(async () => {
  app = await TestApp.create();
});
afterAll(async () => {
  await app.close();
});

const DAY_MS = 86_400_000;

describe('staff invitations', () => {
  test('an admin invites, the invitee accepts once with a passkey and is signed in', async () => {
    const invited = await invite(app, { role: 'finance', name: 'Marco Rossi' });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    expect(invited.body.user).toMatchObject({ role: 'finance', partnerId: null, status: 'invited' });
    expect(invited.body.url).toContain(`/console/#join=${invited.body.code.replaceAll('-', '')}`);

    const second = await app.request('POST', '/v1/staff/invitations/challenges', {
      body: { code: invited.body.code },
    });
    const { response } = await accept(app, invited.body.code);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({ userId: invited.body.user.id, role: 'finance', partnerId: null });

    const before = await staffSnapshot(app);
    const credential = await (await SoftwareAuthenticator.create()).register(second.body.publicKey);
    const again = await app.request('POST', '/v1/staff/invitations/acceptance', {
      body: { code: invited.body.code, challengeToken: second.body.challengeToken, credential },
    });
    expect(again.status).toBe(410);
    expect(again.body.code).toBe('staff_invitation_used');
    const options = await app.request('POST', '/v1/staff/invitations/challenges', {
      body: { code: invited.body.code },
    });
    expect(options.body.code).toBe('staff_invitation_used');
    expect(await staffSnapshot(app)).toEqual(before);
  });

  test('an expired or unknown invitation is refused and changes nothing', async () => {
    const invited = await invite(app, { role: 'support' });
    const options = await app.request('POST', '/v1/staff/invitations/challenges', {
      body: { code: invited.body.code },
    });
    const credential = await (await SoftwareAuthenticator.create()).register(options.body.publicKey);
    app.clock.advance(8 * DAY_MS);
    const before = await staffSnapshot(app);
    const late = await app.request('POST', '/v1/staff/invitations/acceptance', {
      body: { code: invited.body.code, challengeToken: options.body.challengeToken, credential },
    });
    expect(late.status).toBe(410);
    expect(late.body.code).toBe('staff_invitation_expired');
    const unknown = await app.request('POST', '/v1/staff/invitations/challenges', {
      body: { code: 'AAAA-BBBB-CCCC-DDDD' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('staff_invitation_invalid');
    expect(await staffSnapshot(app)).toEqual(before);
  });

  test('a partner admin invites its own staff only; support is not a partner role', async () => {
    const shop = await partnerClient(app);
    const other = await partnerClient(app);
    const admin = await staffUser(app, { role: 'admin', partnerId: shop.partner.id });
    const own = await invite(app, { role: 'finance' }, admin.accessToken);
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expect(own.body.user.partnerId).toBe(shop.partner.id);

    const before = await staffSnapshot(app);
    const foreign = await invite(app, { role: 'finance', partnerId: other.partner.id }, admin.accessToken);
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('forbidden');
    const support = await invite(app, { role: 'support', partnerId: shop.partner.id });
    expect(support.status).toBe(422);
    const nobody = await invite(app, { role: 'admin', partnerId: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q' });
    expect(nobody.status).toBe(404);
    expect(nobody.body.code).toBe('partner_not_found');
    expect(await staffSnapshot(app)).toEqual(before);

    const listed = await app.request('GET', '/v1/staff', { token: admin.accessToken });
    expect(listed.body.data.map((user: { id: string }) => user.id)).toEqual([admin.userId, own.body.user.id]);
    const peek = await app.request('GET', `/v1/staff?partnerId=${other.partner.id}`, {
      token: admin.accessToken,
    });
    expect(peek.status).toBe(403);
  });
});

describe('staff sessions act as the operator or the partner, limited by role', () => {
  test('an operator admin signs in with the passkey and is the actor in the audit log', async () => {
    const admin = await staffUser(app, { role: 'admin' });
    const signedIn = await staffSignIn(app, admin.authenticator);
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(201);
    const token = signedIn.body.accessToken;
    const created = await app.request('POST', '/v1/partners', {
      token,
      body: {
        name: 'Trattoria Roma',
        sector: 'restaurant',
        country: 'IT',
        settlementCurrency: 'EUR',
        earnRate: '1',
        issuePrice: '0.010',
        redeemRate: '0.008',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const log = await app.request('GET', '/v1/audit-log', { token });
    expect(log.body.data[0]).toMatchObject({ actor: admin.userId, action: 'partner.create' });
  });

  test('a member token is no staff token and a member challenge signs no staff in', async () => {
    const member = await staffSignIn(app, await SoftwareAuthenticator.create());
    expect(member.status).toBe(401);
    expect(member.body.code).toBe('passkey_refused');
  });

  test('support may not close a period; finance may', async () => {
    await publishRates(app);
    const support = await staffUser(app, { role: 'support' });
    const finance = await staffUser(app, { role: 'finance' });
    const settlements = async () =>
      (await app.request('GET', '/v1/settlements', { token: await app.operatorToken() })).body;
    const before = await settlements();
    const refused = await app.request('POST', '/v1/settlements', { token: support.accessToken, body: {} });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('staff_role_forbidden');
    expect(await settlements()).toEqual(before);
    const reads = await app.request('GET', '/v1/settlements', { token: support.accessToken });
    expect(reads.status).toBe(200);
    const closed = await app.request('POST', '/v1/settlements', { token: finance.accessToken, body: {} });
    expect(closed.status, JSON.stringify(closed.body)).toBe(201);
  });

  test('partner staff reach their partner’s routes only, never the operator’s or another partner’s', async () => {
    const shop = await partnerClient(app);
    const other = await partnerClient(app);
    const finance = await staffUser(app, { role: 'finance', partnerId: shop.partner.id });
    const own = await app.request('GET', '/v1/transactions', { token: finance.accessToken });
    expect(own.status).toBe(200);
    const operatorRoute = await app.request('GET', '/v1/partners', { token: finance.accessToken });
    expect(operatorRoute.status).toBe(401);
    expect(operatorRoute.body.code).toBe('invalid_token');
    const foreign = await app.request('GET', `/v1/partners/${other.partner.id}`, {
      token: finance.accessToken,
    });
    expect(foreign.status).toBe(401);
    const endpoints = async () =>
      (await app.request('GET', '/v1/webhook-endpoints', { token: await shop.token() })).body;
    const before = await endpoints();
    const webhook = await app.request('POST', '/v1/webhook-endpoints', {
      token: finance.accessToken,
      body: { url: 'https://shop.example/hooks', eventTypes: ['transaction.earned'] },
    });
    expect(webhook.status).toBe(403);
    expect(webhook.body.code).toBe('staff_role_forbidden');
    expect(await endpoints()).toEqual(before);
  });

  test('a suspended partner’s staff are refused at once', async () => {
    const shop = await partnerClient(app);
    const admin = await staffUser(app, { role: 'admin', partnerId: shop.partner.id });
    const suspended = await app.request('PATCH', `/v1/partners/${shop.partner.id}`, {
      token: await app.operatorToken(),
      body: { status: 'suspended' },
    });
    expect(suspended.status, JSON.stringify(suspended.body)).toBe(200);
    const refused = await app.request('GET', '/v1/transactions', { token: admin.accessToken });
    expect(refused.status).toBe(401);
  });
});

describe('the staff cookie', () => {
  test('refreshes from the cookie, refuses another origin, and signing out ends the session', async () => {
    const admin = await staffUser(app, { role: 'admin' });
    const signedIn = await staffSignIn(app, admin.authenticator, true);
    expect(signedIn.body.refreshToken).toBeNull();
    const setCookie = signedIn.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(
      /^__Host-tessera-staff-refresh=tsr_[^;]+; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Strict/,
    );
    const cookie = setCookie.split(';')[0] ?? '';

    const before = await staffSnapshot(app);
    const forged = await app.request('POST', '/v1/staff/sessions/refresh', {
      body: {},
      headers: { cookie, origin: 'https://evil.example' },
    });
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe('forbidden');
    expect(await staffSnapshot(app)).toEqual(before);

    const refreshed = await app.request('POST', '/v1/staff/sessions/refresh', {
      body: {},
      headers: { cookie, origin: 'http://localhost:8787' },
    });
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
    const token = refreshed.body.accessToken;
    expect((await app.request('GET', '/v1/partners', { token })).status).toBe(200);

    const reused = await app.request('POST', '/v1/staff/sessions/refresh', { body: {}, headers: { cookie } });
    expect(reused.status).toBe(401);
    expect(reused.body.code).toBe('refresh_token_reused');
    expect((await app.request('GET', '/v1/partners', { token })).status).toBe(401);

    const again = await staffSignIn(app, admin.authenticator);
    const ended = await app.request('DELETE', '/v1/staff/sessions/current', {
      token: again.body.accessToken,
    });
    expect(ended.status).toBe(204);
    expect((await app.request('GET', '/v1/partners', { token: again.body.accessToken })).status).toBe(401);
  });
});

test('every write granted to a staff role is an operation of the OpenAPI document', async () => {
  const { STAFF_WRITE_GRANTS } = await import('../../../src/domain/staff/roles.js');
  const document = (await app.request('GET', '/openapi.json')).body;
  const operations = Object.entries<Record<string, unknown>>(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
  );
  for (const grant of Object.keys(STAFF_WRITE_GRANTS)) expect(operations).toContain(grant);
});
