import { afterEach, describe, expect, test } from 'vitest';
import { type PartnerClient, publishRates } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import {
  expectProblem,
  expectRefusedUnchanged,
  formPool,
  fromPool,
  memberWith,
  type PoolApi,
  poolApi,
  poolCoalition,
  redeemFrom,
} from './fixtures.js';

/**
 * The rules of redeeming and managing a pool, each refused through the HTTP API with its own
 * problem code: permission, monthly limit, pledges, ownership, and pools the caller is not in.
 * A refused write leaves the ledger and every pool table exactly as they were. (Joining: see
 * joining.test.ts.)
 */
let app: TestApp;
let shop: PartnerClient;
let api: PoolApi;

async function start(environment: Record<string, string> = {}) {
  app = await TestApp.create({ environment });
  ({ shop } = await poolCoalition(app));
  api = poolApi(app);
}
afterEach(async () => {
  await app.close();
});

const household = { kind: 'household', name: 'The Novaks' };
const friends = { kind: 'friends', name: 'Ski trip' };

describe('redeeming from a pool', () => {
  test('a friend the owner has not allowed is 403 not_permitted_to_redeem; once allowed, it works', async () => {
    await start();
    const owner = await memberWith(shop, 500);
    const friend = await memberWith(shop, 0);
    const poolId = await formPool(app, owner, [friend], friends);
    await api.pledge(poolId, owner, 300);
    await expectRefusedUnchanged(
      app,
      () => redeemFrom(shop, friend, 100, fromPool(poolId)),
      403,
      'not_permitted_to_redeem',
    );
    expect((await api.permissions(poolId, owner, friend, { mayRedeem: true })).status).toBe(200);
    expect((await redeemFrom(shop, friend, 100, fromPool(poolId))).status).toBe(201);
    // And taking the permission back stops it again.
    await api.permissions(poolId, owner, friend, { mayRedeem: false });
    await expectRefusedUnchanged(
      app,
      () => redeemFrom(shop, friend, 1, fromPool(poolId)),
      403,
      'not_permitted_to_redeem',
    );
  });

  test('a monthly limit is refused past it with 422 monthly_limit_reached, and a new UTC month starts afresh', async () => {
    await start();
    const owner = await memberWith(shop, 1000);
    const member = await memberWith(shop, 0);
    const poolId = await formPool(app, owner, [member], household);
    expect((await api.permissions(poolId, owner, member, { monthlyLimitPoints: 100 })).status).toBe(200);
    expect((await redeemFrom(shop, member, 60, fromPool(poolId))).status).toBe(201);
    const refused = await expectRefusedUnchanged(
      app,
      () => redeemFrom(shop, member, 50, fromPool(poolId)),
      422,
      'monthly_limit_reached',
    );
    expect(refused.body.remainingPoints).toBe(40);
    expect((await redeemFrom(shop, member, 40, fromPool(poolId))).status).toBe(201);
    expect((await api.read(poolId, member)).body.members[1]).toMatchObject({
      monthlyLimitPoints: 100,
      redeemedThisMonth: 100,
    });

    // 2026-11-30T23:59:59.999Z is still November.
    app.clock.nowMs = Date.parse('2026-11-30T23:59:59.999Z');
    // A week on: fresh rates (FX_MAX_AGE_HOURS).
    await publishRates(app);
    await expectRefusedUnchanged(
      app,
      () => redeemFrom(shop, member, 1, fromPool(poolId)),
      422,
      'monthly_limit_reached',
    );
    app.clock.advance(1);
    expect((await api.read(poolId, member)).body.members[1]).toMatchObject({ redeemedThisMonth: 0 });
    expect((await redeemFrom(shop, member, 100, fromPool(poolId))).status).toBe(201);
    await expectRefusedUnchanged(
      app,
      () => redeemFrom(shop, member, 1, fromPool(poolId)),
      422,
      'monthly_limit_reached',
    );
    // The owner lifts the limit.
    await api.permissions(poolId, owner, member, { monthlyLimitPoints: null });
    expect((await redeemFrom(shop, member, 1, fromPool(poolId))).status).toBe(201);
  });

  test('friends with caps: asking more than the pledges allow is 422 pledge_exceeded; more than the wallets hold is insufficient_points', async () => {
    await start();
    const owner = await memberWith(shop, 0);
    const ben = await memberWith(shop, 500);
    const cecilie = await memberWith(shop, 500);
    const poolId = await formPool(app, owner, [ben, cecilie], friends);
    await api.pledge(poolId, ben, 100);
    await api.pledge(poolId, cecilie, 50);
    const refused = await expectRefusedUnchanged(
      app,
      () => redeemFrom(shop, owner, 151, fromPool(poolId)),
      422,
      'pledge_exceeded',
    );
    expect(refused.body.availablePoints).toBe(150);
    await expectRefusedUnchanged(
      app,
      () => redeemFrom(shop, owner, 1001, fromPool(poolId)),
      422,
      'insufficient_points',
    );
    const redeemed = await redeemFrom(shop, owner, 150, fromPool(poolId));
    expect(redeemed.status).toBe(201);
    // The caps are used up: nothing more, although both wallets still hold points.
    await expectRefusedUnchanged(
      app,
      () => redeemFrom(shop, owner, 1, fromPool(poolId)),
      422,
      'pledge_exceeded',
    );
    // A new cap counts from the moment it is set.
    await api.pledge(poolId, ben, 100);
    expect((await redeemFrom(shop, owner, 100, fromPool(poolId))).status).toBe(201);
    expect(
      (await api.read(poolId, ben)).body.members.find((entry: { memberId: string }) => entry.memberId === ben)
        .pledge,
    ).toEqual({
      type: 'cap',
      capPoints: 100,
      remainingPoints: 0,
    });
  });
});

describe('only the owner manages the pool', () => {
  test('a member cannot invite, set permissions, remove another member or dissolve: 403 not_pool_owner', async () => {
    await start();
    const [owner, member, other] = await Promise.all([0, 0, 0].map(() => shop.enrol()));
    const poolId = await formPool(app, owner as string, [member as string, other as string], household);
    await expectRefusedUnchanged(app, () => api.invite(poolId, member as string), 403, 'not_pool_owner');
    await expectRefusedUnchanged(
      app,
      () => api.permissions(poolId, member as string, other as string, { mayRedeem: false }),
      403,
      'not_pool_owner',
    );
    await expectRefusedUnchanged(
      app,
      () => api.permissions(poolId, member as string, 'me', { monthlyLimitPoints: 5 }),
      403,
      'not_pool_owner',
    );
    await expectRefusedUnchanged(
      app,
      () => api.remove(poolId, member as string, other as string),
      403,
      'not_pool_owner',
    );
    await expectRefusedUnchanged(
      app,
      () => api.remove(poolId, member as string, owner as string),
      403,
      'not_pool_owner',
    );
    await expectRefusedUnchanged(app, () => api.dissolve(poolId, member as string), 403, 'not_pool_owner');
  });

  test('the owner cannot leave (409 owner_cannot_leave) but may dissolve', async () => {
    await start();
    const [owner, member] = await Promise.all([0, 0].map(() => shop.enrol()));
    const poolId = await formPool(app, owner as string, [member as string], household);
    await expectRefusedUnchanged(app, () => api.leave(poolId, owner as string), 409, 'owner_cannot_leave');
    await expectRefusedUnchanged(
      app,
      () => api.remove(poolId, owner as string, owner as string),
      409,
      'owner_cannot_leave',
    );
    expect((await api.dissolve(poolId, owner as string)).status).toBe(200);
  });

  test('the owner managing someone outside the pool is 404 pool_member_not_found', async () => {
    await start();
    const [owner, outsider] = await Promise.all([0, 0].map(() => shop.enrol()));
    const poolId = await formPool(app, owner as string, [], household);
    await expectRefusedUnchanged(
      app,
      () => api.permissions(poolId, owner as string, outsider as string, { mayRedeem: true }),
      404,
      'pool_member_not_found',
    );
    await expectRefusedUnchanged(
      app,
      () => api.remove(poolId, owner as string, outsider as string),
      404,
      'pool_member_not_found',
    );
  });

  test('a member who left is out: leaving again is 404 pool_not_found', async () => {
    await start();
    const [owner, member] = await Promise.all([0, 0].map(() => shop.enrol()));
    const poolId = await formPool(app, owner as string, [member as string], household);
    expect((await api.remove(poolId, member as string, member as string)).body).toEqual({
      poolId,
      memberId: member,
    });
    await expectRefusedUnchanged(app, () => api.leave(poolId, member as string), 404, 'pool_not_found');
  });
});

describe('a pool the caller is not in does not exist for them', () => {
  /** The problem document without what differs per request: the request id and the pool id in the detail. */
  const shape = (body: Record<string, unknown>, poolId: string) => ({
    ...body,
    requestId: undefined,
    detail: String(body.detail).replace(poolId, '{poolId}'),
  });

  test('reading it is 404 pool_not_found, the same body as for a pool that never existed', async () => {
    await start();
    const [owner, outsider] = await Promise.all([0, 0].map(() => shop.enrol()));
    const poolId = await formPool(app, owner as string, [], household);
    const missingId = 'pool_01JD3Z6W3RM0E2F2WB7G0K3T9Q';
    const notMine = await api.read(poolId, outsider as string);
    const missing = await api.read(missingId, outsider as string);
    expectProblem(notMine, 404, 'pool_not_found');
    expectProblem(missing, 404, 'pool_not_found');
    expect(shape(notMine.body, poolId)).toEqual(shape(missing.body, missingId));
    expect(Object.keys(notMine.body).sort()).toEqual(Object.keys(missing.body).sort());
  });

  test('redeeming from it is 404 pool_not_found, the same body as for a pool that never existed, and writes nothing', async () => {
    await start();
    const owner = await memberWith(shop, 1000);
    const outsider = await memberWith(shop, 10);
    const poolId = await formPool(app, owner, [], household);
    const missingId = 'pool_01JD3Z6W3RM0E2F2WB7G0K3T9Q';
    const notMine = await expectRefusedUnchanged(
      app,
      () => redeemFrom(shop, outsider, 100, fromPool(poolId)),
      404,
      'pool_not_found',
    );
    const missing = await expectRefusedUnchanged(
      app,
      () => redeemFrom(shop, outsider, 100, fromPool(missingId)),
      404,
      'pool_not_found',
    );
    expect(shape(notMine.body, poolId)).toEqual(shape(missing.body, missingId));
  });

  test('a dissolved pool is gone for its former members too', async () => {
    await start();
    const owner = await memberWith(shop, 100);
    const member = await memberWith(shop, 100);
    const poolId = await formPool(app, owner, [member], household);
    await api.dissolve(poolId, owner);
    await expectRefusedUnchanged(app, () => api.read(poolId, member), 404, 'pool_not_found');
    await expectRefusedUnchanged(
      app,
      () => redeemFrom(shop, member, 10, fromPool(poolId)),
      404,
      'pool_not_found',
    );
    await expectRefusedUnchanged(app, () => api.dissolve(poolId, owner), 404, 'pool_not_found');
  });
});
