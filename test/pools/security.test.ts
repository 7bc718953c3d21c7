import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newKey, type PartnerClient } from '../support/coalition.js';
import { TestApp, type TestResponse } from '../support/harness.js';
import {
  everything,
  expectProblem,
  formPool,
  fromPool,
  memberWith,
  poolApi,
  poolCoalition,
} from './fixtures.js';

/**
 * The security matrix of every pool route: who may call it, and what everyone else gets. A
 * pool the caller is not in does not exist for them; only the owner manages the pool; a member
 * only ever changes their own pledge. A refused request changes nothing.
 *
 * One app for the file (booting one per row would dominate the run time); every row builds its
 * own members and pool with fresh ids.
 */
let app: TestApp;
let shop: PartnerClient;
beforeAll(async () => {
  app = await TestApp.create();
  ({ shop } = await poolCoalition(app));
});
afterAll(async () => {
  await app.close();
});

const PRINCIPALS = ['no token', 'operator', 'partner', 'outsider', 'member', 'owner'] as const;
type Principal = (typeof PRINCIPALS)[number];

/** A household of owner, member and bystander; the outsider is in no pool. Each holds `points`. */
interface Household {
  poolId: string;
  owner: string;
  member: string;
  bystander: string;
  outsider: string;
}

async function household(points = 0): Promise<Household> {
  const [owner, member, bystander, outsider] = [
    await memberWith(shop, points),
    await memberWith(shop, points),
    await memberWith(shop, points),
    await memberWith(shop, points),
  ];
  const poolId = await formPool(app, owner, [member, bystander], { kind: 'household', name: 'The Novaks' });
  return { poolId, owner, member, bystander, outsider };
}

/**
 * For a caller refused before any lookup (no token, or a token of another kind): a real pool,
 * but the other members are ids nobody holds, which spares building a full household per row.
 */
async function ownerOnly(): Promise<Household> {
  const owner = await memberWith(shop, 0);
  const poolId = await formPool(app, owner, [], { kind: 'household', name: 'The Novaks' });
  const [member, bystander, outsider] = [0, 1, 2].map(() => app.deps.ids('mem'));
  return {
    poolId,
    owner,
    member: member as string,
    bystander: bystander as string,
    outsider: outsider as string,
  };
}

async function tokenOf(principal: Principal, pool: Household): Promise<string | undefined> {
  switch (principal) {
    case 'no token':
      return undefined;
    case 'operator':
      return app.operatorToken();
    case 'partner':
      return shop.token();
    default:
      return app.memberToken(pool[principal]);
  }
}

const memberOf = (principal: Principal, pool: Household) =>
  principal === 'owner' || principal === 'member' || principal === 'outsider' ? pool[principal] : undefined;

type MembershipRow = {
  member_id: string;
  pledge_cap_points: number | null;
  pledge_used_points: number;
  may_redeem: number;
  monthly_limit_points: number | null;
  left_at: number | null;
};
async function membershipRows(poolId: string): Promise<MembershipRow[]> {
  return (await app.deps.db.all(
    sql`SELECT member_id, pledge_cap_points, pledge_used_points, may_redeem, monthly_limit_points, left_at FROM pool_members WHERE pool_id = ${poolId} ORDER BY rowid`,
  )) as MembershipRow[];
}

/** The rows that differ, by member. */
const changedRows = (before: readonly MembershipRow[], after: readonly MembershipRow[]) =>
  after.filter(
    (row) =>
      JSON.stringify(row) !== JSON.stringify(before.find((earlier) => earlier.member_id === row.member_id)),
  );

type Outcome = readonly [status: number, code: string | null];
const REFUSED_TOKENS = {
  'no token': [401, 'unauthorized'],
  operator: [401, 'invalid_token'],
  partner: [401, 'invalid_token'],
} as const;

interface RouteCase {
  readonly name: string;
  readonly method: string;
  readonly path: (pool: Household) => string;
  readonly body?: (pool: Household) => Promise<unknown> | unknown;
  readonly outcomes: Record<'outsider' | 'member' | 'owner', Outcome>;
  /** What an accepted request did, and nothing else. */
  readonly effect: (
    pool: Household,
    caller: string,
    response: TestResponse,
    before: readonly MembershipRow[],
  ) => Promise<void>;
}

const ROUTES: RouteCase[] = [
  {
    name: 'GET /v1/pools/{poolId}',
    method: 'GET',
    path: (pool) => `/v1/pools/${pool.poolId}`,
    outcomes: { outsider: [404, 'pool_not_found'], member: [200, null], owner: [200, null] },
    effect: async (pool, _caller, response) => {
      expect(response.body).toMatchObject({
        id: pool.poolId,
        ownerMemberId: pool.owner,
        totalPoints: 0,
        activity: [],
      });
      expect(response.body.members.map((entry: { memberId: string }) => entry.memberId)).toEqual([
        pool.owner,
        pool.member,
        pool.bystander,
      ]);
    },
  },
  {
    name: 'POST /v1/pools/{poolId}/invites',
    method: 'POST',
    path: (pool) => `/v1/pools/${pool.poolId}/invites`,
    outcomes: { outsider: [404, 'pool_not_found'], member: [403, 'not_pool_owner'], owner: [201, null] },
    effect: async (pool, _caller, response) => {
      expect(response.body).toMatchObject({
        poolId: pool.poolId,
        code: expect.stringMatching(/^[A-Z2-9]{12}$/),
      });
      expect(response.headers.get('cache-control')).toBe('no-store');
    },
  },
  {
    name: 'PUT /v1/pools/{poolId}/members/me (own pledge)',
    method: 'PUT',
    path: (pool) => `/v1/pools/${pool.poolId}/members/me`,
    body: () => ({ pledge: 123 }),
    outcomes: { outsider: [404, 'pool_not_found'], member: [200, null], owner: [200, null] },
    effect: async (pool, caller, _response, before) => {
      // Only the caller's own pledge changed.
      expect(changedRows(before, await membershipRows(pool.poolId))).toEqual([
        { ...before.find((row) => row.member_id === caller), pledge_cap_points: 123, pledge_used_points: 0 },
      ]);
    },
  },
  {
    name: "PATCH /v1/pools/{poolId}/members/{memberId} (another's permissions)",
    method: 'PATCH',
    path: (pool) => `/v1/pools/${pool.poolId}/members/${pool.bystander}`,
    body: () => ({ mayRedeem: false, monthlyLimitPoints: 10 }),
    outcomes: { outsider: [404, 'pool_not_found'], member: [403, 'not_pool_owner'], owner: [200, null] },
    effect: async (pool, _caller, _response, before) => {
      expect(changedRows(before, await membershipRows(pool.poolId))).toEqual([
        {
          ...before.find((row) => row.member_id === pool.bystander),
          may_redeem: 0,
          monthly_limit_points: 10,
        },
      ]);
    },
  },
  {
    name: 'DELETE /v1/pools/{poolId}/members/{memberId} (remove another)',
    method: 'DELETE',
    path: (pool) => `/v1/pools/${pool.poolId}/members/${pool.bystander}`,
    outcomes: { outsider: [404, 'pool_not_found'], member: [403, 'not_pool_owner'], owner: [200, null] },
    effect: async (pool, _caller, response, before) => {
      expect(response.body).toEqual({ poolId: pool.poolId, memberId: pool.bystander });
      expect(changedRows(before, await membershipRows(pool.poolId))).toEqual([
        { ...before.find((row) => row.member_id === pool.bystander), left_at: app.clock.nowMs },
      ]);
    },
  },
  {
    name: 'DELETE /v1/pools/{poolId} (dissolve)',
    method: 'DELETE',
    path: (pool) => `/v1/pools/${pool.poolId}`,
    outcomes: { outsider: [404, 'pool_not_found'], member: [403, 'not_pool_owner'], owner: [200, null] },
    effect: async (pool, _caller, response) => {
      expect(response.body).toEqual({ poolId: pool.poolId, dissolved: true });
      expect((await membershipRows(pool.poolId)).every((row) => row.left_at === app.clock.nowMs)).toBe(true);
    },
  },
  {
    name: 'POST /v1/pools/join',
    method: 'POST',
    path: () => '/v1/pools/join',
    body: async (pool) => ({ code: (await poolApi(app).invite(pool.poolId, pool.owner)).body.code }),
    outcomes: {
      outsider: [200, null],
      member: [409, 'already_pool_member'],
      owner: [409, 'already_pool_member'],
    },
    effect: async (pool, caller, response, before) => {
      expect(response.body.members).toHaveLength(4);
      const after = await membershipRows(pool.poolId);
      expect(after.slice(0, before.length)).toEqual(before);
      expect(after.slice(before.length)).toEqual([
        {
          member_id: caller,
          pledge_cap_points: null,
          pledge_used_points: 0,
          may_redeem: 1,
          monthly_limit_points: null,
          left_at: null,
        },
      ]);
    },
  },
  {
    name: 'POST /v1/pools (create)',
    method: 'POST',
    path: () => '/v1/pools',
    body: () => ({ kind: 'friends', name: 'Ski trip' }),
    outcomes: { outsider: [201, null], member: [201, null], owner: [201, null] },
    effect: async (_pool, caller, response) => {
      expect(response.body).toMatchObject({
        kind: 'friends',
        ownerMemberId: caller,
        drawPolicy: 'soonest_expiring',
      });
      expect(response.body.members).toEqual([
        expect.objectContaining({
          memberId: caller,
          role: 'owner',
          mayRedeem: true,
          pledge: { type: 'cap', capPoints: 0, remainingPoints: 0 },
        }),
      ]);
    },
  },
];

const MATRIX = ROUTES.flatMap((route) =>
  PRINCIPALS.map((principal) => {
    const [status, code] =
      principal in REFUSED_TOKENS
        ? REFUSED_TOKENS[principal as keyof typeof REFUSED_TOKENS]
        : route.outcomes[principal as 'outsider' | 'member' | 'owner'];
    return {
      label: `${route.name} as ${principal}: ${status}${code === null ? '' : ` ${code}`}`,
      route,
      principal,
      status,
      code,
    };
  }),
);

describe('pool routes: the security matrix', () => {
  test.each(MATRIX)('$label', async ({ route, principal, status, code }) => {
    const pool = principal in REFUSED_TOKENS ? await ownerOnly() : await household();
    const body = route.body === undefined ? undefined : await route.body(pool);
    const token = await tokenOf(principal, pool);
    const before = await everything(app);
    const membersBefore = await membershipRows(pool.poolId);
    const response = await app.request(route.method, route.path(pool), {
      ...(token === undefined ? {} : { token }),
      ...(body === undefined ? {} : { body }),
    });
    if (code !== null) {
      expectProblem(response, status, code);
      expect(await everything(app)).toEqual(before);
      return;
    }
    expect(response.status).toBe(status);
    await route.effect(pool, memberOf(principal, pool) as string, response, membersBefore);
  });
});

describe('POST /v1/redeem from a pool: who may draw on it', () => {
  const REDEEMERS = [
    { caller: 'no token', redeemer: 'member', status: 401, code: 'unauthorized' },
    { caller: 'operator', redeemer: 'member', status: 401, code: 'invalid_token' },
    { caller: "the member's own token", redeemer: 'member', status: 401, code: 'invalid_token' },
    { caller: 'partner', redeemer: 'outsider', status: 404, code: 'pool_not_found' },
    { caller: 'partner', redeemer: 'member', status: 201, code: null },
    { caller: 'partner', redeemer: 'owner', status: 201, code: null },
  ] as const;

  test.each(REDEEMERS)(
    '$caller for the $redeemer: $status $code',
    async ({ caller, redeemer, status, code }) => {
      const pool = await household(500);
      const memberId = pool[redeemer];
      const token =
        caller === 'no token'
          ? undefined
          : caller === 'operator'
            ? await app.operatorToken()
            : caller === 'partner'
              ? await shop.token()
              : await app.memberToken(memberId);
      const before = await everything(app);
      const response = await app.request('POST', '/v1/redeem', {
        ...(token === undefined ? {} : { token }),
        idempotencyKey: newKey(),
        body: { memberId, points: 700, source: fromPool(pool.poolId) },
      });
      if (code !== null) {
        expectProblem(response, status, code);
        expect(await everything(app)).toEqual(before);
        return;
      }
      expect(response.status).toBe(201);
      expect(
        (response.body.draws as { points: number }[]).reduce((total, draw) => total + draw.points, 0),
      ).toBe(700);
    },
  );
});

describe("a member cannot change another member's pledge", () => {
  test('PUT on another member id is 405 method_not_allowed (only /members/me exists), and nothing changes', async () => {
    const pool = await household();
    const before = await everything(app);
    for (const [caller, target] of [
      [pool.member, pool.bystander],
      [pool.owner, pool.member],
    ] as const) {
      const response = await app.request('PUT', `/v1/pools/${pool.poolId}/members/${target}`, {
        token: await app.memberToken(caller),
        body: { pledge: 0 },
      });
      expectProblem(response, 405, 'method_not_allowed');
      expect(response.headers.get('allow')).toBe('PATCH, DELETE');
    }
    expect(await everything(app)).toEqual(before);
  });

  test('naming another member in the pledge body is 422 validation_failed; nor can PATCH carry a pledge', async () => {
    const pool = await household();
    const before = await everything(app);
    const named = await app.request('PUT', `/v1/pools/${pool.poolId}/members/me`, {
      token: await app.memberToken(pool.member),
      body: { pledge: 0, memberId: pool.bystander },
    });
    expectProblem(named, 422, 'validation_failed');
    for (const caller of [pool.member, pool.owner]) {
      const patched = await app.request('PATCH', `/v1/pools/${pool.poolId}/members/${pool.bystander}`, {
        token: await app.memberToken(caller),
        body: { pledge: 0 },
      });
      expectProblem(patched, 422, 'validation_failed');
    }
    expect(await everything(app)).toEqual(before);
  });

  test("the owner's own token changes the owner's pledge, never a member's", async () => {
    const pool = await household();
    const before = await membershipRows(pool.poolId);
    expect((await poolApi(app).pledge(pool.poolId, pool.owner, 0)).status).toBe(200);
    expect(changedRows(before, await membershipRows(pool.poolId)).map((row) => row.member_id)).toEqual([
      pool.owner,
    ]);
  });
});

describe('bad input is refused and changes nothing', () => {
  test.each([
    ['PUT', '/members/me', { pledge: -1 }],
    ['PUT', '/members/me', { pledge: 1.5 }],
    ['PUT', '/members/me', { pledge: 'some' }],
    ['PUT', '/members/me', {}],
    ['PATCH', '/members/{bystander}', {}],
    ['PATCH', '/members/{bystander}', { monthlyLimitPoints: -5 }],
    ['PATCH', '/members/{bystander}', { mayRedeem: 'yes' }],
  ] as const)('%s %s %j is 422 validation_failed', async (method, suffix, body) => {
    const pool = await household();
    const before = await everything(app);
    const response = await app.request(
      method,
      `/v1/pools/${pool.poolId}${suffix.replace('{bystander}', pool.bystander)}`,
      { token: await app.memberToken(pool.owner), body },
    );
    expectProblem(response, 422, 'validation_failed');
    expect(await everything(app)).toEqual(before);
  });

  test.each([
    [{ kind: 'clan', name: 'x' }],
    [{ kind: 'household', name: '' }],
    [{ kind: 'household', name: 'x', drawPolicy: 'random' }],
    [{ kind: 'household', name: 'x', ownerMemberId: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }],
  ])('POST /v1/pools %j is 422 validation_failed', async (body) => {
    const outsider = await memberWith(shop, 0);
    const before = await everything(app);
    expectProblem(
      await app.request('POST', '/v1/pools', { token: await app.memberToken(outsider), body }),
      422,
      'validation_failed',
    );
    expect(await everything(app)).toEqual(before);
  });
});
