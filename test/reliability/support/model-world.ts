import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { type PartnerClient, publishRates } from '../../support/coalition.js';
import type { TestApp } from '../../support/harness.js';
import type { LedgerModel } from './ledger-model.js';

/** The real side of one run: the shared app and partners, and this run's own members and pool. */
export interface World {
  readonly app: TestApp;
  readonly partners: readonly PartnerClient[];
  readonly members: readonly string[];
  readonly poolId: string;
  count(label: string): void;
}

export const MEMBERS = 3;

/** Fresh members and a fresh household (owned by member 0) for one run, on the shared app. */
export async function newWorld(
  app: TestApp,
  partners: readonly PartnerClient[],
  count: (label: string) => void,
): Promise<World> {
  await publishRates(app);
  const enrolling = partners[0];
  if (enrolling === undefined) throw new Error('no partner');
  const members: string[] = [];
  for (let index = 0; index < MEMBERS; index += 1) members.push(await enrolling.enrol());
  const pool = await app.request('POST', '/v1/pools', {
    token: await app.memberToken(members[0] ?? ''),
    body: { kind: 'household', name: 'Model household' },
  });
  if (pool.status !== 201) throw new Error(`pool: ${pool.status} ${JSON.stringify(pool.body)}`);
  return { app, partners, members, poolId: pool.body.id, count };
}

/**
 * Every member's balance as the API shows it (available, pending, owed, what they may spend from
 * the pool, the unified total) and their wallet as the database keeps it, against the model.
 */
export async function expectModelMatches(model: LedgerModel, world: World): Promise<void> {
  const walletIds = world.members.map((memberId) => `wallet:${memberId}`);
  const rows = (await world.app.deps.db.all(
    sql`SELECT id, balance FROM accounts WHERE id IN (${sql.join(walletIds, sql`, `)})`,
  )) as { id: string; balance: number }[];
  const wallets = new Map(rows.map((row) => [row.id, row.balance]));
  const reader = world.partners[0];
  if (reader === undefined) throw new Error('no partner');
  const token = await reader.token();
  for (const [member, memberId] of world.members.entries()) {
    const response = await world.app.request('GET', `/v1/members/${memberId}/balance`, { token });
    const seen = response.body as {
      available: number;
      pending: number;
      owed: number;
      unifiedAvailable: number;
      pools: { spendablePoints: number }[];
    };
    const fromPool = model.poolSpendable(member);
    expect(
      {
        member,
        available: seen.available,
        pending: seen.pending,
        owed: seen.owed,
        pools: seen.pools.map((pool) => pool.spendablePoints),
        unifiedAvailable: seen.unifiedAvailable,
        wallet: wallets.get(`wallet:${memberId}`),
      },
      `balances after the last command (status ${response.status})`,
    ).toEqual({
      member,
      available: model.available(member),
      pending: model.pending(member),
      owed: model.owed(member),
      pools: fromPool === undefined ? [] : [fromPool],
      unifiedAvailable: model.available(member) + (fromPool ?? 0),
      wallet: model.wallet(member),
    });
  }
}
