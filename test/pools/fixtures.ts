import { sql } from 'drizzle-orm';
import { expect, vi } from 'vitest';
import {
  ledgerSnapshot,
  newKey,
  type PartnerClient,
  partnerClient,
  poolSnapshot,
  publishRates,
} from '../support/coalition.js';
import type { TestApp, TestResponse } from '../support/harness.js';

export const DAY_MS = 86_400_000;

/**
 * A coalition ready for pool tests: rates published and one partner settling in EUR at 1 point
 * per EUR, so that earning N.00 EUR credits exactly N points.
 */
export async function poolCoalition(app: TestApp) {
  await publishRates(app);
  const shop = await partnerClient(app, {
    name: 'Mitte Mode Berlin',
    sector: 'retail',
    country: 'DE',
    settlementCurrency: 'EUR',
    earnRate: '1',
  });
  return { shop };
}

/** A new member holding exactly `points` (earned at a 1-point-per-EUR partner). */
export async function memberWith(partner: PartnerClient, points: number): Promise<string> {
  const memberId = await partner.enrol();
  if (points > 0) await earn(partner, memberId, points);
  return memberId;
}

export async function earn(partner: PartnerClient, memberId: string, points: number): Promise<void> {
  const earned = await partner.earn({ memberId, amount: { amount: `${points}.00`, currency: 'EUR' } });
  if (earned.status !== 201 || earned.body.points !== points)
    throw new Error(`earn: ${earned.status} ${JSON.stringify(earned.body)}`);
}

/** The member-facing pool API, each call with the caller's own fresh token. */
export function poolApi(app: TestApp) {
  const as = async (memberId: string) => ({ token: await app.memberToken(memberId) });
  return {
    create: async (ownerId: string, body: Record<string, unknown>) =>
      app.request('POST', '/v1/pools', { ...(await as(ownerId)), body }),
    read: async (poolId: string, memberId: string) =>
      app.request('GET', `/v1/pools/${poolId}`, await as(memberId)),
    invite: async (poolId: string, memberId: string) =>
      app.request('POST', `/v1/pools/${poolId}/invites`, await as(memberId)),
    join: async (memberId: string, code: string) =>
      app.request('POST', '/v1/pools/join', { ...(await as(memberId)), body: { code } }),
    pledge: async (poolId: string, memberId: string, pledge: number | 'all') =>
      app.request('PUT', `/v1/pools/${poolId}/members/me`, { ...(await as(memberId)), body: { pledge } }),
    permissions: async (poolId: string, callerId: string, memberId: string, body: Record<string, unknown>) =>
      app.request('PATCH', `/v1/pools/${poolId}/members/${memberId}`, { ...(await as(callerId)), body }),
    remove: async (poolId: string, callerId: string, memberId: string) =>
      app.request('DELETE', `/v1/pools/${poolId}/members/${memberId}`, await as(callerId)),
    leave: async (poolId: string, memberId: string) =>
      app.request('DELETE', `/v1/pools/${poolId}/members/me`, await as(memberId)),
    dissolve: async (poolId: string, ownerId: string) =>
      app.request('DELETE', `/v1/pools/${poolId}`, await as(ownerId)),
    me: async (memberId: string) => app.request('GET', '/v1/me', await as(memberId)),
  };
}

export type PoolApi = ReturnType<typeof poolApi>;

function expectStatus(response: TestResponse, status: number, what: string): void {
  if (response.status !== status)
    throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
}

/** Creates a pool and brings each invitee in with a fresh invite code; returns its id. */
export async function formPool(
  app: TestApp,
  ownerId: string,
  invitees: readonly string[],
  body: Record<string, unknown> = { kind: 'household', name: 'Our family' },
) {
  const api = poolApi(app);
  const created = await api.create(ownerId, body);
  expectStatus(created, 201, 'create pool');
  const poolId = created.body.id as string;
  for (const invitee of invitees) await addMember(app, poolId, ownerId, invitee);
  return poolId;
}

export async function addMember(
  app: TestApp,
  poolId: string,
  ownerId: string,
  invitee: string,
): Promise<void> {
  const api = poolApi(app);
  const invite = await api.invite(poolId, ownerId);
  expectStatus(invite, 201, 'invite');
  expectStatus(await api.join(invitee, invite.body.code), 200, 'join');
}

/** A partner redemption of `points` for `memberId` from one pool (or any other source). */
export function redeemFrom(
  partner: PartnerClient,
  memberId: string,
  points: number,
  source: Record<string, unknown> = { type: 'wallet' },
) {
  return partner.redeem({ memberId, points, source }, newKey('pool-redeem'));
}

export const fromPool = (poolId: string) => ({ type: 'pool', poolId });

/** The ledger and the pool tables together: a refused write must leave both as they were. */
export async function everything(app: TestApp) {
  return { ledger: await ledgerSnapshot(app), pools: await poolSnapshot(app) };
}

/** A problem response with its code, status and media type. */
export function expectProblem(response: TestResponse, status: number, code: string): void {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body).toMatchObject({ type: `urn:tessera:problem:${code}`, status, code });
}

/** Runs a write that must be refused with `code`, and proves it changed nothing. */
export async function expectRefusedUnchanged(
  app: TestApp,
  write: () => Promise<TestResponse>,
  status: number,
  code: string,
): Promise<TestResponse> {
  const before = await everything(app);
  const response = await write();
  expectProblem(response, status, code);
  expect(await everything(app)).toEqual(before);
  return response;
}

/** The wallet balance of each member, read from the ledger. */
export async function walletBalances(app: TestApp, memberIds: readonly string[]): Promise<number[]> {
  const rows = (await app.deps.db.all(
    sql`SELECT owner_id AS memberId, balance FROM accounts WHERE kind = 'wallet'`,
  )) as { memberId: string; balance: number }[];
  return memberIds.map((memberId) => rows.find((row) => row.memberId === memberId)?.balance ?? Number.NaN);
}

/** One membership row (the active one, or the latest). */
export async function membershipRow(app: TestApp, poolId: string, memberId: string) {
  const [row] = (await app.deps.db.all(
    sql`SELECT pledge_cap_points AS capPoints, pledge_used_points AS usedPoints, may_redeem AS mayRedeem, monthly_limit_points AS monthlyLimitPoints, left_at AS leftAt
        FROM pool_members WHERE pool_id = ${poolId} AND member_id = ${memberId} ORDER BY left_at IS NULL DESC, joined_at DESC LIMIT 1`,
  )) as {
    capPoints: number | null;
    usedPoints: number;
    mayRedeem: number;
    monthlyLimitPoints: number | null;
    leftAt: number | null;
  }[];
  return row;
}

/** Points drawn per member by a redemption response. */
export function drawnBy(response: TestResponse, memberId: string): number {
  const draws = (response.body?.draws ?? []) as { memberId: string; points: number }[];
  return draws.filter((draw) => draw.memberId === memberId).reduce((total, draw) => total + draw.points, 0);
}

/** The newest rates again, for tests that move the clock past FX_MAX_AGE_HOURS. */
export async function advanceDays(app: TestApp, days: number): Promise<void> {
  app.clock.advance(days * DAY_MS);
  await publishRates(app);
}

/**
 * Makes concurrent requests through the app really race. The embedded driver answers at once,
 * so without this they would run one after the other. Every statement first waits a few turns
 * of the event loop (as over the network to Turso or D1; the number varies with a fixed seed),
 * and the first `together` batches are held until they have all arrived (or `holdMs` passed,
 * for a request refused before it wrote), so that they were all planned on the same state and
 * the guards must refuse the ones that no longer fit. Counts the batches refused, so that a test
 * can show its requests did race. Undone by `vi.restoreAllMocks()`.
 */
export function interleaveStatements(
  app: TestApp,
  options: { seed?: number; together?: number; holdMs?: number } = {},
): { refusedBatches: number } {
  const race = { refusedBatches: 0 };
  const client = app.deps.client;
  let state = options.seed ?? 1;
  const turns = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % 3;
  };
  const later = async () => {
    for (let turn = turns(); turn >= 0; turn -= 1) await new Promise((resolve) => setImmediate(resolve));
  };
  let held: (() => void)[] = [];
  let released = (options.together ?? 0) <= 1;
  const release = () => {
    released = true;
    for (const resume of held) resume();
    held = [];
  };
  const together = () =>
    released
      ? Promise.resolve()
      : new Promise<void>((resume) => {
          held.push(resume);
          if (held.length === 1) setTimeout(release, options.holdMs ?? 2_000);
          if (held.length >= (options.together ?? 0)) release();
        });
  const execute = client.execute.bind(client) as (...args: unknown[]) => Promise<unknown>;
  const batch = client.batch.bind(client) as (...args: unknown[]) => Promise<unknown>;
  vi.spyOn(client, 'execute').mockImplementation((async (...args: unknown[]) => {
    await later();
    return execute(...args);
  }) as unknown as typeof client.execute);
  vi.spyOn(client, 'batch').mockImplementation((async (...args: unknown[]) => {
    await later();
    await together();
    try {
      return await batch(...args);
    } catch (error) {
      race.refusedBatches += 1;
      throw error;
    }
  }) as unknown as typeof client.batch);
  return race;
}
