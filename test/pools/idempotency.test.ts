import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { interleaveDatabaseCalls, type PartnerClient } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import {
  everything,
  expectProblem,
  formPool,
  fromPool,
  membershipRow,
  memberWith,
  poolCoalition,
  redeemFrom,
} from './fixtures.js';

/**
 * Member writes take an Idempotency-Key too: a retried pool write with the same key answers the
 * original response and changes nothing twice, however many duplicates run at once. Keys are the
 * member's own: another member's identical key is another operation.
 */
let app: TestApp;
let shop: PartnerClient;
beforeEach(async () => {
  app = await TestApp.create();
  ({ shop } = await poolCoalition(app));
});
afterEach(async () => {
  await app.close();
});

const keyed = async (memberId: string, key: string) => ({
  token: await app.memberToken(memberId),
  idempotencyKey: key,
});

async function invite(poolId: string, ownerId: string): Promise<string> {
  const response = await app.request(
    'POST',
    `/v1/pools/${poolId}/invites`,
    await keyed(ownerId, `invite-${Math.random()}`),
  );
  return response.body.code;
}

const join = async (memberId: string, code: string, key: string) =>
  app.request('POST', '/v1/pools/join', { ...(await keyed(memberId, key)), body: { code } });

const pledge = async (poolId: string, memberId: string, value: number | 'all', key: string) =>
  app.request('PUT', `/v1/pools/${poolId}/members/me`, {
    ...(await keyed(memberId, key)),
    body: { pledge: value },
  });

describe('joining with an Idempotency-Key', () => {
  test('a retry answers the original pool and joins once', async () => {
    const owner = await memberWith(shop, 100);
    const poolId = await formPool(app, owner, [], { kind: 'friends', name: 'Climbers' });
    const friend = await memberWith(shop, 50);
    const code = await invite(poolId, owner);
    const first = await join(friend, code, 'join-1');
    expect(first.status).toBe(200);
    expect(first.body.members.map((member: { memberId: string }) => member.memberId)).toEqual([
      owner,
      friend,
    ]);
    const before = await everything(app);
    const again = await join(friend, code, 'join-1');
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await everything(app)).toEqual(before);
  });

  test('eight duplicates at once join once, and each answers the same pool', async () => {
    interleaveDatabaseCalls(app);
    const owner = await memberWith(shop, 100);
    const poolId = await formPool(app, owner, []);
    const partnerOfOwner = await memberWith(shop, 0);
    const code = await invite(poolId, owner);
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => join(partnerOfOwner, code, 'join-burst')),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
    expect(new Set(responses.map((response) => JSON.stringify(response.body))).size).toBe(1);
    const members = (await app.request('GET', `/v1/pools/${poolId}`, { token: await app.memberToken(owner) }))
      .body.members;
    expect(members).toHaveLength(2);
  });

  test('the same key with another body is refused, and nothing changes', async () => {
    const owner = await memberWith(shop, 100);
    const poolId = await formPool(app, owner, [], { kind: 'friends', name: 'Climbers' });
    const friend = await memberWith(shop, 50);
    await join(friend, await invite(poolId, owner), 'join-2');
    const otherCode = await invite(poolId, owner);
    const before = await everything(app);
    expectProblem(await join(friend, otherCode, 'join-2'), 422, 'idempotency_key_reused');
    expect(await everything(app)).toEqual(before);
  });
});

describe('pledging with an Idempotency-Key', () => {
  test('a retry after the pool drew on the pledge answers the original and does not reset the cap again', async () => {
    const owner = await memberWith(shop, 0);
    const friend = await memberWith(shop, 500);
    const poolId = await formPool(app, owner, [friend], { kind: 'friends', name: 'Climbers' });
    const pledged = await pledge(poolId, friend, 100, 'pledge-1');
    expect(pledged.status).toBe(200);
    expect(await membershipRow(app, poolId, friend)).toMatchObject({ capPoints: 100, usedPoints: 0 });
    expect((await redeemFrom(shop, owner, 30, fromPool(poolId))).status).toBe(201);
    expect(await membershipRow(app, poolId, friend)).toMatchObject({ capPoints: 100, usedPoints: 30 });

    const again = await pledge(poolId, friend, 100, 'pledge-1');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(pledged.body);
    // Setting the cap again without the key would count it afresh; the replay changed nothing.
    expect(await membershipRow(app, poolId, friend)).toMatchObject({ capPoints: 100, usedPoints: 30 });
  });

  test('duplicates at once change the pledge once', async () => {
    interleaveDatabaseCalls(app);
    const owner = await memberWith(shop, 0);
    const friend = await memberWith(shop, 500);
    const poolId = await formPool(app, owner, [friend], { kind: 'friends', name: 'Climbers' });
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => pledge(poolId, friend, 250, 'pledge-burst')),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(6).fill(200));
    expect(new Set(responses.map((response) => JSON.stringify(response.body))).size).toBe(1);
    const idempotency = (await everything(app)).ledger.idempotency as { key: string }[];
    expect(idempotency.filter((record) => record.key === 'pledge-burst')).toHaveLength(1);
  });

  test("keys are each member's own: the same key from another member is another pledge", async () => {
    const owner = await memberWith(shop, 0);
    const first = await memberWith(shop, 100);
    const second = await memberWith(shop, 100);
    const poolId = await formPool(app, owner, [first, second], { kind: 'friends', name: 'Climbers' });
    expect((await pledge(poolId, first, 40, 'same-key')).status).toBe(200);
    const other = await pledge(poolId, second, 60, 'same-key');
    expect(other.status).toBe(200);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(await membershipRow(app, poolId, first)).toMatchObject({ capPoints: 40 });
    expect(await membershipRow(app, poolId, second)).toMatchObject({ capPoints: 60 });
  });
});
