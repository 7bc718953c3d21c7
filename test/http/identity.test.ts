import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { poolApi, poolCoalition } from '../pools/fixtures.js';
import { ledgerSnapshot, poolSnapshot } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';

let app: TestApp;
beforeEach(async () => {
  app = await TestApp.create();
});
afterEach(async () => {
  await app.close();
});

describe('a member token for an id that was never enrolled', () => {
  const STRANGER = 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q';

  test('cannot join a pool: 404, the invite stays unused, nothing is written', async () => {
    const { shop } = await poolCoalition(app);
    const pools = poolApi(app);
    const owner = await shop.enrol();
    const pool = await pools.create(owner, { kind: 'household', name: 'The Novaks' });
    const invite = await pools.invite(pool.body.id, owner);
    const before = { ledger: await ledgerSnapshot(app), pools: await poolSnapshot(app) };

    const joined = await app.request('POST', '/v1/pools/join', {
      token: await app.memberToken(STRANGER),
      body: { code: invite.body.code },
    });
    expect(joined.status).toBe(404);
    expect(joined.body.code).toBe('member_not_found');
    expect({ ledger: await ledgerSnapshot(app), pools: await poolSnapshot(app) }).toEqual(before);
    // The invite still works for the member it was meant for.
    const invitee = await shop.enrol();
    expect((await pools.join(invitee, invite.body.code)).status).toBe(200);
  });

  test('cannot be a pool member even by a direct insert: pool_members references members', async () => {
    const { shop } = await poolCoalition(app);
    const owner = await shop.enrol();
    const pool = await poolApi(app).create(owner, { kind: 'friends', name: 'Friends' });
    const before = await poolSnapshot(app);
    await expect(
      app.deps.db.run(
        sql`INSERT INTO pool_members (id, pool_id, member_id, role, may_redeem, joined_at)
            VALUES ('pool_x', ${pool.body.id}, ${STRANGER}, 'member', 0, 0)`,
      ),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/FOREIGN KEY constraint failed/) } });
    expect(await poolSnapshot(app)).toEqual(before);
  });

  test.each([
    ['GET', '/v1/me'],
    ['GET', '/v1/me/activity'],
    ['POST', '/v1/pools'],
  ])('opens no member route: %s %s is 404 member_not_found', async (method, path) => {
    const response = await app.request(method, path, {
      token: await app.memberToken(STRANGER),
      ...(method === 'POST' ? { body: { kind: 'friends', name: 'Strangers' } } : {}),
    });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('member_not_found');
    expect(await poolSnapshot(app)).toMatchObject({ pools: [] });
  });
});

describe('request ids', () => {
  test("are always Tessera's own: a caller's X-Request-Id is never taken as the id", async () => {
    const response = await app.request('GET', '/v1/no-such-route', {
      headers: { 'x-request-id': 'req_mine' },
    });
    expect(response.status).toBe(404);
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^req_[0-9A-Z]{26}$/);
    expect(response.body.requestId).toBe(id);
  });

  test('differ on every request, even when the caller sends the same one', async () => {
    const headers = { 'x-request-id': 'req_01JD3Z6W3RM0E2F2WB7G0K3T9Q' };
    const first = await app.request('GET', '/v1/me', { headers });
    const second = await app.request('GET', '/v1/me', { headers });
    expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'));
    expect(first.headers.get('x-request-id')).not.toBe(headers['x-request-id']);
  });

  test('an operator action audits the id Tessera chose, not the one the caller sent', async () => {
    const operator = await app.operatorToken();
    const created = await app.request('POST', '/v1/partners', {
      token: operator,
      headers: { 'x-request-id': 'req_chosen_by_caller' },
      body: {
        name: 'Harbor Hotel',
        sector: 'hotel',
        country: 'US',
        settlementCurrency: 'USD',
        earnRate: '1',
        issuePrice: '0.012',
        redeemRate: '0.009',
      },
    });
    expect(created.status).toBe(201);
    const log = await app.request('GET', '/v1/audit-log', { token: operator });
    expect(log.body.data[0]).toMatchObject({
      action: 'partner.create',
      requestId: created.headers.get('x-request-id'),
    });
  });
});
