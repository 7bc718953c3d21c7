import { afterEach, describe, expect, test, vi } from 'vitest';
import type { PartnerClient } from '../support/coalition.js';
import { TestApp, type TestResponse } from '../support/harness.js';
import {
  addMember,
  advanceDays,
  DAY_MS,
  everything,
  expectProblem,
  expectRefusedUnchanged,
  formPool,
  interleaveStatements,
  type PoolApi,
  poolApi,
  poolCoalition,
} from './fixtures.js';

/**
 * The rules of joining, each refused through the HTTP API with its own problem code: pool size,
 * one household per member and the lockout after leaving, at most 3 friend pools, single-use
 * invite codes that expire. A refused write leaves the ledger and every pool table as they were.
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
  vi.restoreAllMocks();
  await app.close();
});

const household = { kind: 'household', name: 'The Novaks' };
const friends = { kind: 'friends', name: 'Ski trip' };

describe('pool size', () => {
  test('a household at HOUSEHOLD_MAX_MEMBERS (3 here) refuses the next join with 409 pool_full', async () => {
    await start({ HOUSEHOLD_MAX_MEMBERS: '3' });
    const [owner, second, third, fourth] = await Promise.all([0, 0, 0, 0].map(() => shop.enrol()));
    const poolId = await formPool(app, owner as string, [second as string, third as string], household);
    const invite = await api.invite(poolId, owner as string);
    const refused = await expectRefusedUnchanged(
      app,
      () => api.join(fourth as string, invite.body.code),
      409,
      'pool_full',
    );
    expect(refused.body.limit).toBe(3);
    // Once someone leaves there is room, and the same unused code works.
    expect((await api.leave(poolId, third as string)).status).toBe(200);
    expect((await api.join(fourth as string, invite.body.code)).status).toBe(200);
  });

  test('at the default of 8, the 9th member of a household is refused', async () => {
    await start();
    const members = await Promise.all(Array.from({ length: 9 }, () => shop.enrol()));
    const [owner, ...others] = members as [string, ...string[]];
    const poolId = await formPool(app, owner, others.slice(0, 7), household);
    expect((await api.read(poolId, owner)).body.members).toHaveLength(8);
    const invite = await api.invite(poolId, owner);
    await expectRefusedUnchanged(
      app,
      () => api.join(others[7] as string, invite.body.code),
      409,
      'pool_full',
    );
  });

  test('a friends pool at FRIENDS_MAX_MEMBERS (2 here) is full too', async () => {
    await start({ FRIENDS_MAX_MEMBERS: '2' });
    const [owner, friend, another] = await Promise.all([0, 0, 0].map(() => shop.enrol()));
    const poolId = await formPool(app, owner as string, [friend as string], friends);
    const invite = await api.invite(poolId, owner as string);
    const refused = await expectRefusedUnchanged(
      app,
      () => api.join(another as string, invite.body.code),
      409,
      'pool_full',
    );
    expect(refused.body.limit).toBe(2);
  });
});

describe('joins racing each other', () => {
  test('two members joining for the last place at once: one gets in, the other is 409 pool_full', async () => {
    await start({ HOUSEHOLD_MAX_MEMBERS: '3' });
    const [owner, member, first, second] = await Promise.all([0, 0, 0, 0].map(() => shop.enrol()));
    const poolId = await formPool(app, owner as string, [member as string], household);
    const codes = [
      (await api.invite(poolId, owner as string)).body.code,
      (await api.invite(poolId, owner as string)).body.code,
    ];
    const race = interleaveStatements(app, { together: 2 });
    const outcomes = await Promise.all([
      api.join(first as string, codes[0]),
      api.join(second as string, codes[1]),
    ]);
    expect(race.refusedBatches).toBe(1);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual([200, 409]);
    expectProblem(outcomes.find((outcome) => outcome.status === 409) as TestResponse, 409, 'pool_full');
    expect((await api.read(poolId, owner as string)).body.members).toHaveLength(3);
  });

  test('one member joining two households at once: one join holds, the other is 409 already_in_household', async () => {
    await start();
    const [novak, dvorak, member] = await Promise.all([0, 0, 0].map(() => shop.enrol()));
    const first = await formPool(app, novak as string, [], household);
    const second = await formPool(app, dvorak as string, [], household);
    const codes = [
      (await api.invite(first, novak as string)).body.code,
      (await api.invite(second, dvorak as string)).body.code,
    ];
    const race = interleaveStatements(app, { together: 2 });
    const outcomes = await Promise.all([
      api.join(member as string, codes[0]),
      api.join(member as string, codes[1]),
    ]);
    expect(race.refusedBatches).toBe(1);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual([200, 409]);
    expectProblem(
      outcomes.find((outcome) => outcome.status === 409) as TestResponse,
      409,
      'already_in_household',
    );
    expect((await api.me(member as string)).body.pools).toHaveLength(1);
  });
});

describe('one household per member, and the lockout after leaving', () => {
  test('a member in a household cannot join or create another: 409 already_in_household', async () => {
    await start();
    const [novak, dvorak, member] = await Promise.all([0, 0, 0].map(() => shop.enrol()));
    await formPool(app, novak as string, [member as string], household);
    const other = await formPool(app, dvorak as string, [], household);
    const invite = await api.invite(other, dvorak as string);
    await expectRefusedUnchanged(
      app,
      () => api.join(member as string, invite.body.code),
      409,
      'already_in_household',
    );
    await expectRefusedUnchanged(
      app,
      () => api.create(member as string, household),
      409,
      'already_in_household',
    );
    // A friends pool is another matter.
    expect((await api.create(member as string, friends)).status).toBe(201);
  });

  test('after leaving, 179 days later still refused with lockoutUntil; at 180 days allowed', async () => {
    await start();
    const [novak, dvorak, member] = await Promise.all([0, 0, 0].map(() => shop.enrol()));
    const first = await formPool(app, novak as string, [member as string], household);
    const leftAt = app.clock.nowMs;
    expect((await api.leave(first, member as string)).status).toBe(200);
    const second = await formPool(app, dvorak as string, [], household);
    const lockoutUntil = new Date(leftAt + 180 * DAY_MS).toISOString();

    await advanceDays(app, 179);
    const invite = await api.invite(second, dvorak as string);
    const refused = await expectRefusedUnchanged(
      app,
      () => api.join(member as string, invite.body.code),
      409,
      'household_lockout',
    );
    expect(refused.body.lockoutUntil).toBe(lockoutUntil);
    expect(refused.body.detail).toContain(lockoutUntil);
    const creating = await expectRefusedUnchanged(
      app,
      () => api.create(member as string, household),
      409,
      'household_lockout',
    );
    expect(creating.body.lockoutUntil).toBe(lockoutUntil);

    app.clock.advance(DAY_MS);
    expect((await api.join(member as string, invite.body.code)).status).toBe(200);
  });

  test('being removed by the owner, or the household being dissolved, starts the lockout too', async () => {
    await start();
    const [novak, removed, dissolvedOwner, dissolvedMember, dvorak] = await Promise.all(
      [0, 0, 0, 0, 0].map(() => shop.enrol()),
    );
    const first = await formPool(app, novak as string, [removed as string], household);
    expect((await api.remove(first, novak as string, removed as string)).status).toBe(200);
    const second = await formPool(app, dissolvedOwner as string, [dissolvedMember as string], household);
    expect((await api.dissolve(second, dissolvedOwner as string)).status).toBe(200);
    const third = await formPool(app, dvorak as string, [], household);
    for (const member of [removed, dissolvedMember]) {
      const invite = await api.invite(third, dvorak as string);
      await expectRefusedUnchanged(
        app,
        () => api.join(member as string, invite.body.code),
        409,
        'household_lockout',
      );
    }
    await expectRefusedUnchanged(
      app,
      () => api.create(dissolvedOwner as string, household),
      409,
      'household_lockout',
    );
  });

  test('leaving a friends pool locks nobody out', async () => {
    await start();
    const [owner, member] = await Promise.all([0, 0].map(() => shop.enrol()));
    const poolId = await formPool(app, owner as string, [member as string], friends);
    await api.leave(poolId, member as string);
    expect((await api.create(member as string, household)).status).toBe(201);
  });
});

describe('at most 3 friend pools per member', () => {
  test('the 4th friends pool, joined or created, is 409 too_many_friend_pools; leaving one makes room', async () => {
    await start();
    const [member, ...owners] = await Promise.all([0, 0, 0, 0, 0].map(() => shop.enrol()));
    const pools: string[] = [];
    for (const owner of owners) pools.push(await formPool(app, owner as string, [], friends));
    for (const poolId of pools.slice(0, 3))
      await addMember(app, poolId, owners[pools.indexOf(poolId)] as string, member as string);
    const invite = await api.invite(pools[3] as string, owners[3] as string);
    const refused = await expectRefusedUnchanged(
      app,
      () => api.join(member as string, invite.body.code),
      409,
      'too_many_friend_pools',
    );
    expect(refused.body.limit).toBe(3);
    await expectRefusedUnchanged(
      app,
      () => api.create(member as string, friends),
      409,
      'too_many_friend_pools',
    );
    // A household is not a friends pool.
    expect((await api.create(member as string, household)).status).toBe(201);
    expect((await api.leave(pools[0] as string, member as string)).status).toBe(200);
    expect((await api.join(member as string, invite.body.code)).status).toBe(200);
  });
});

describe('invite codes', () => {
  test('a code expires 7 days after it was made: a millisecond before it works, at 7 days 410 invite_expired', async () => {
    await start();
    const [owner, early, late] = await Promise.all([0, 0, 0].map(() => shop.enrol()));
    const poolId = await formPool(app, owner as string, [], friends);
    const first = await api.invite(poolId, owner as string);
    expect(first.body.expiresAt).toBe(new Date(app.clock.nowMs + 7 * DAY_MS).toISOString());
    const second = await api.invite(poolId, owner as string);
    app.clock.advance(7 * DAY_MS - 1);
    expect((await api.join(early as string, first.body.code)).status).toBe(200);
    app.clock.advance(1);
    const refused = await expectRefusedUnchanged(
      app,
      () => api.join(late as string, second.body.code),
      410,
      'invite_expired',
    );
    expect(refused.body.detail).toContain(second.body.expiresAt);
  });

  test('a code is single-use: its second use is 410 invite_used', async () => {
    await start();
    const [owner, first, second] = await Promise.all([0, 0, 0].map(() => shop.enrol()));
    const poolId = await formPool(app, owner as string, [], friends);
    const invite = await api.invite(poolId, owner as string);
    expect((await api.join(first as string, invite.body.code)).status).toBe(200);
    await expectRefusedUnchanged(app, () => api.join(second as string, invite.body.code), 410, 'invite_used');
    await expectRefusedUnchanged(app, () => api.join(first as string, invite.body.code), 410, 'invite_used');
  });

  test('two members racing for one code: exactly one gets in', async () => {
    await start();
    const [owner, ...racers] = await Promise.all([0, 0, 0, 0].map(() => shop.enrol()));
    const poolId = await formPool(app, owner as string, [], friends);
    const invite = await api.invite(poolId, owner as string);
    const race = interleaveStatements(app, { together: racers.length });
    const outcomes = await Promise.all(racers.map((racer) => api.join(racer as string, invite.body.code)));
    // All three were planned on the unused code; the two that lost were refused and planned again.
    expect(race.refusedBatches).toBe(2);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual([200, 410, 410]);
    expect((await api.read(poolId, owner as string)).body.members).toHaveLength(2);
  });

  test('an unknown code is 404 invite_invalid; so is the code of a dissolved pool', async () => {
    await start();
    const [owner, member] = await Promise.all([0, 0].map(() => shop.enrol()));
    await expectRefusedUnchanged(
      app,
      () => api.join(member as string, 'ABCDEFGHJKLM'),
      404,
      'invite_invalid',
    );
    const poolId = await formPool(app, owner as string, [], friends);
    const invite = await api.invite(poolId, owner as string);
    await api.dissolve(poolId, owner as string);
    await expectRefusedUnchanged(
      app,
      () => api.join(member as string, invite.body.code),
      404,
      'invite_invalid',
    );
  });

  test('codes are read case-insensitively and trimmed', async () => {
    await start();
    const [owner, member] = await Promise.all([0, 0].map(() => shop.enrol()));
    const poolId = await formPool(app, owner as string, [], friends);
    const invite = await api.invite(poolId, owner as string);
    expect((await api.join(member as string, ` ${String(invite.body.code).toLowerCase()} `)).status).toBe(
      200,
    );
  });

  test('a member already in the pool is 409 already_pool_member', async () => {
    await start();
    const [owner, member] = await Promise.all([0, 0].map(() => shop.enrol()));
    const poolId = await formPool(app, owner as string, [member as string], friends);
    const invite = await api.invite(poolId, owner as string);
    await expectRefusedUnchanged(
      app,
      () => api.join(member as string, invite.body.code),
      409,
      'already_pool_member',
    );
    await expectRefusedUnchanged(
      app,
      () => api.join(owner as string, invite.body.code),
      409,
      'already_pool_member',
    );
  });
});

describe('state untouched by refusals', () => {
  test('a refused join leaves the invite unused: the code still works for someone allowed', async () => {
    await start();
    const [owner, inHousehold, otherOwner, free] = await Promise.all([0, 0, 0, 0].map(() => shop.enrol()));
    await formPool(app, otherOwner as string, [inHousehold as string], household);
    const poolId = await formPool(app, owner as string, [], household);
    const invite = await api.invite(poolId, owner as string);
    const before = await everything(app);
    expectProblem(await api.join(inHousehold as string, invite.body.code), 409, 'already_in_household');
    expect(await everything(app)).toEqual(before);
    expect((await api.join(free as string, invite.body.code)).status).toBe(200);
  });
});
