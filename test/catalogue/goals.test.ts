import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { callerMatrix, callerToken, newKey, type PartnerClient } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import { approvedItem, catalogueCoalition, itemBody } from './fixtures.js';

/**
 * A member's goal (`/v1/me/goal`): the catalogue item they save for. Only an item they could
 * reserve now may be saved; a refused save changes nothing. The gift of the last points is
 * test/status/goal-gifts.test.ts.
 */
let app: TestApp;
let shop: PartnerClient;
let memberId: string;
beforeEach(async () => {
  app = await TestApp.create();
  ({ shop } = await catalogueCoalition(app));
  memberId = await shop.enrol();
});
afterEach(async () => {
  await app?.close();
});

const goals = async () => app.deps.db.all(sql`SELECT member_id, item_id, saved_at FROM member_goals`);
const put = async (itemId: string, token?: string) =>
  app.request('PUT', '/v1/me/goal', { token: token ?? (await app.memberToken(memberId)), body: { itemId } });

describe('saving a goal', () => {
  test('saves an item offered to me, replaces it with another, and forgets it', async () => {
    const run = await approvedItem(app, shop, { pointsPrice: 3000 });
    const saved = await put(run.id);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ itemId: run.id, pointsPrice: 3000, pointsToGo: 3000, gift: null });
    const token = await app.memberToken(memberId);
    expect((await app.request('GET', '/v1/me/goal', { token })).body).toEqual(saved.body);

    const other = await approvedItem(app, shop, { title: 'A pair of trail socks', pointsPrice: 200 });
    expect((await put(other.id)).body).toMatchObject({ itemId: other.id, pointsToGo: 200 });
    expect(await goals()).toEqual([expect.objectContaining({ member_id: memberId, item_id: other.id })]);

    expect((await app.request('DELETE', '/v1/me/goal', { token })).status).toBe(204);
    expect(await goals()).toEqual([]);
    const none = await app.request('GET', '/v1/me/goal', { token });
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('goal_not_found');
    // Forgetting no goal is no error.
    expect((await app.request('DELETE', '/v1/me/goal', { token })).status).toBe(204);
  });

  test.each([
    { name: 'an item that does not exist', code: 'item_not_found', status: 404 },
    { name: 'an item not yet approved', code: 'item_not_found', status: 404 },
    { name: 'an item for other members', code: 'not_eligible', status: 403 },
    { name: 'an item for a tier I do not hold', code: 'not_eligible', status: 403 },
    { name: 'an item past its availability', code: 'item_unavailable', status: 409 },
  ])('refuses $name ($code) and changes nothing', async ({ name, code, status }) => {
    const kept = await approvedItem(app, shop);
    expect((await put(kept.id)).status).toBe(200);
    const before = await goals();
    let itemId = 'itm_01JD3Z6W3RM0E2F2WB7G0K3T9Q';
    if (name === 'an item not yet approved') {
      const created = await app.request('POST', '/v1/catalogue/items', {
        token: await shop.token(),
        idempotencyKey: newKey('item'),
        body: itemBody(),
      });
      itemId = created.body.id;
    } else if (name === 'an item for other members') {
      itemId = (await approvedItem(app, shop, { eligibility: { memberIds: [await shop.enrol()] } })).id;
    } else if (name === 'an item for a tier I do not hold') {
      itemId = (await approvedItem(app, shop, { eligibility: { tiers: ['gold'] } })).id;
    } else if (name === 'an item past its availability') {
      itemId = (await approvedItem(app, shop, { availableUntil: '2026-11-30T00:00:00.000Z' })).id;
      app.clock.nowMs = Date.parse('2026-12-01T00:00:00.000Z');
    }
    const refused = await put(itemId);
    expect(refused.status, JSON.stringify(refused.body)).toBe(status);
    expect(refused.body.code).toBe(code);
    expect(await goals()).toEqual(before);
  });

  test.each(callerMatrix('member'))('$caller: allowed $allowed', async ({ caller, allowed, code }) => {
    const item = await approvedItem(app, shop);
    const token = await callerToken(app, caller, { partner: shop, memberId });
    for (const [method, body] of [
      ['PUT', { itemId: item.id }],
      ['GET', undefined],
      ['DELETE', undefined],
    ] as const) {
      const response = await app.request(method, '/v1/me/goal', { token, body });
      if (allowed) expect(response.status, method).toBeLessThan(300);
      else {
        expect(response.status, method).toBe(401);
        expect(response.body.code).toBe(code);
      }
    }
    if (!allowed) expect(await goals()).toEqual([]);
  });

  test('a malformed body is a 422 problem and changes nothing', async () => {
    const response = await app.request('PUT', '/v1/me/goal', {
      token: await app.memberToken(memberId),
      body: { itemId: '', extra: true },
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('validation_failed');
    expect(await goals()).toEqual([]);
  });
});
