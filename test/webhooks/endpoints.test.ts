import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type PartnerClient, partnerClient } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import { webhookTables } from './support.js';

/** /v1/webhook-endpoints: each owner manages its own endpoints; bad input is a 422 that stores nothing. */
let app: TestApp;
let hotel: PartnerClient;
let shop: PartnerClient;
beforeEach(async () => {
  app = await TestApp.create();
  hotel = await partnerClient(app);
  shop = await partnerClient(app, {
    name: 'Mitte Mode',
    sector: 'retail',
    country: 'DE',
    settlementCurrency: 'EUR',
  });
});
afterEach(async () => {
  await app.close();
});

const URL = 'https://hooks.harbor-hotel.example/tessera';

async function create(token: string, body: Record<string, unknown> = {}) {
  return app.request('POST', '/v1/webhook-endpoints', {
    token,
    body: { url: URL, eventTypes: ['transaction.earned'], ...body },
  });
}

describe('the endpoint lifecycle', () => {
  test('register (the secret shown once), read, list, change, rotate, delete', async () => {
    const token = await hotel.token();
    const created = await create(token, {
      description: 'Front desk',
      eventTypes: ['transaction.earned', 'member.enrolled'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^whe_/),
      url: URL,
      description: 'Front desk',
      eventTypes: ['transaction.earned', 'member.enrolled'],
      status: 'enabled',
      disabledReason: null,
      failingSince: null,
      previousSecretExpiresAt: null,
      createdAt: '2026-11-23T09:00:00.000Z',
      updatedAt: '2026-11-23T09:00:00.000Z',
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    const { secret, ...endpoint } = created.body;
    const path = `/v1/webhook-endpoints/${endpoint.id}`;
    expect((await app.request('GET', path, { token })).body).toEqual(endpoint);
    expect((await app.request('GET', '/v1/webhook-endpoints', { token })).body).toEqual({
      data: [endpoint],
      nextCursor: null,
    });

    app.clock.advance(1000);
    const changed = await app.request('PATCH', path, {
      token,
      body: { status: 'disabled', description: null },
    });
    expect(changed.body).toMatchObject({ status: 'disabled', disabledReason: 'owner', description: null });

    const rotated = await app.request('POST', `${path}/secret-rotations`, {
      token,
      body: { overlapHours: 2 },
    });
    expect(rotated.status).toBe(201);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(secret);
    expect(rotated.body.previousSecretExpiresAt).toBe('2026-11-23T11:00:01.000Z');

    const deleted = await app.request('DELETE', path, { token });
    expect(deleted.status).toBe(200);
    expect((await app.request('GET', path, { token })).status).toBe(404);
    expect(await webhookTables(app)).toMatchObject({ endpoints: [], deliveries: [], attempts: [] });
  });

  test("the operator's endpoints are the operator's, and its actions are audited without the secret", async () => {
    const operator = await app.operatorToken();
    const created = await create(operator, { eventTypes: ['settlement.closed', 'pool.created'] });
    expect(created.status).toBe(201);
    expect(
      (await app.request('GET', '/v1/webhook-endpoints', { token: await hotel.token() })).body.data,
    ).toEqual([]);
    const audit = await app.request('GET', '/v1/audit-log', { token: operator });
    expect(audit.body.data[0]).toMatchObject({
      action: 'webhook_endpoint.create',
      target: created.body.id,
      summary: {
        origin: 'https://hooks.harbor-hotel.example',
        eventTypes: ['settlement.closed', 'pool.created'],
      },
    });
    expect(JSON.stringify(audit.body)).not.toContain(created.body.secret);
  });
});

describe('who may do what', () => {
  test.each([
    ['GET', ''],
    ['PATCH', ''],
    ['DELETE', ''],
    ['POST', '/secret-rotations'],
    ['POST', '/redeliveries'],
    ['GET', '/deliveries'],
    ['GET', '/attempts'],
  ])(
    "another partner's endpoint answers %s …%s exactly as a made-up id, and is left alone",
    async (method, suffix) => {
      const mine = await create(await hotel.token());
      const body =
        method === 'PATCH'
          ? { status: 'disabled' }
          : suffix === '/redeliveries'
            ? { eventId: 'evt_x' }
            : undefined;
      const before = await webhookTables(app);
      const token = await shop.token();
      const foreign = await app.request(method, `/v1/webhook-endpoints/${mine.body.id}${suffix}`, {
        token,
        body,
      });
      const madeUp = await app.request(
        method,
        `/v1/webhook-endpoints/whe_01JD3Z6W3RM0E2F2WB7G0K3T9Q${suffix}`,
        {
          token,
          body,
        },
      );
      expect(foreign.status).toBe(404);
      expect({ ...foreign.body, detail: '', requestId: '' }).toEqual({
        ...madeUp.body,
        detail: '',
        requestId: '',
      });
      expect(await webhookTables(app)).toEqual(before);
    },
  );

  test('a member token is refused, and nothing is stored', async () => {
    const member = await hotel.enrol();
    const before = await webhookTables(app);
    const response = await create(await app.memberToken(member));
    expect(response.status).toBe(401);
    expect(await webhookTables(app)).toEqual(before);
  });

  test('an owner has at most 20 endpoints', async () => {
    const token = await hotel.token();
    for (let index = 0; index < 20; index += 1) expect((await create(token)).status).toBe(201);
    const before = await webhookTables(app);
    const refused = await create(token);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('webhook_endpoint_limit_reached');
    expect(await webhookTables(app)).toEqual(before);
    expect((await create(await shop.token())).status).toBe(201);
  });
});

describe('bad input is a 422 problem and stores nothing', () => {
  test.each([
    [
      'http outside local development',
      'http://hooks.harbor-hotel.example/tessera',
      'webhook_url_not_allowed',
    ],
    ['loopback', 'https://127.0.0.1/hooks', 'webhook_url_not_allowed'],
    ['loopback in another spelling', 'https://2130706433/hooks', 'webhook_url_not_allowed'],
    ['loopback in hex', 'https://0x7f.0.0.1/hooks', 'webhook_url_not_allowed'],
    ['IPv6 loopback', 'https://[::1]/hooks', 'webhook_url_not_allowed'],
    ['IPv4-mapped IPv6 loopback', 'https://[::ffff:127.0.0.1]/hooks', 'webhook_url_not_allowed'],
    ['private 10/8', 'https://10.1.2.3/hooks', 'webhook_url_not_allowed'],
    ['private 172.16/12', 'https://172.20.0.1/hooks', 'webhook_url_not_allowed'],
    ['private 192.168/16', 'https://192.168.1.10:8443/hooks', 'webhook_url_not_allowed'],
    ['link-local (cloud metadata)', 'https://169.254.169.254/latest/meta-data', 'webhook_url_not_allowed'],
    ['IPv6 link-local', 'https://[fe80::1]/hooks', 'webhook_url_not_allowed'],
    ['IPv6 unique local', 'https://[fd12:3456::1]/hooks', 'webhook_url_not_allowed'],
    ['carrier-grade NAT', 'https://100.64.0.1/hooks', 'webhook_url_not_allowed'],
    ['unspecified', 'https://0.0.0.0/hooks', 'webhook_url_not_allowed'],
    ['localhost', 'https://localhost/hooks', 'webhook_url_not_allowed'],
    ['a name under localhost', 'https://api.localhost/hooks', 'webhook_url_not_allowed'],
    ['a single-label name', 'https://intranet/hooks', 'webhook_url_not_allowed'],
    ['an internal zone', 'https://billing.corp.internal/hooks', 'webhook_url_not_allowed'],
    ['credentials', 'https://user:secret@hooks.harbor-hotel.example/', 'webhook_url_not_allowed'],
    ['another scheme', 'ftp://hooks.harbor-hotel.example/', 'webhook_url_not_allowed'],
    ['javascript:', 'javascript:alert(1)', 'webhook_url_not_allowed'],
    ['not a URL', 'hooks.harbor-hotel.example/tessera', 'validation_failed'],
    ['empty', '', 'validation_failed'],
    ['huge', `https://hooks.harbor-hotel.example/${'a'.repeat(3000)}`, 'validation_failed'],
  ])('%s: %s', async (_why, url, code) => {
    const before = await webhookTables(app);
    const response = await create(await hotel.token(), { url });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body.code).toBe(code);
    expect(await webhookTables(app)).toEqual(before);
  });

  test.each([
    ['an unknown event type', { eventTypes: ['transaction.teleported'] }, 'validation_failed'],
    ['no event type', { eventTypes: [] }, 'validation_failed'],
    ['a type partners never receive', { eventTypes: ['pool.created'] }, 'event_type_not_receivable'],
    ['an unknown field', { secret: 'whsec_mine' }, 'validation_failed'],
    ['a wrong type', { url: 42 }, 'validation_failed'],
  ])('%s', async (_why, body, code) => {
    const before = await webhookTables(app);
    const response = await create(await hotel.token(), body);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe(code);
    expect(await webhookTables(app)).toEqual(before);
  });

  test('a change to a refused URL stores nothing either', async () => {
    const token = await hotel.token();
    const created = await create(token);
    const before = await webhookTables(app);
    const response = await app.request('PATCH', `/v1/webhook-endpoints/${created.body.id}`, {
      token,
      body: { url: 'https://10.0.0.8/hooks' },
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('webhook_url_not_allowed');
    expect(await webhookTables(app)).toEqual(before);
  });

  test('with WEBHOOK_ALLOW_PRIVATE_URLS=true (tests, local development) http and loopback are accepted', async () => {
    const local = await TestApp.create({ environment: { WEBHOOK_ALLOW_PRIVATE_URLS: 'true' } });
    try {
      const partner = await partnerClient(local);
      const response = await local.request('POST', '/v1/webhook-endpoints', {
        token: await partner.token(),
        body: { url: 'http://127.0.0.1:9999/hooks', eventTypes: ['transaction.earned'] },
      });
      expect(response.status).toBe(201);
    } finally {
      await local.close();
    }
  });
});
