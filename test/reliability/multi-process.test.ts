// @module-tag deep — server processes started and killed: `npm run test:deep` runs it, `npm test` does not.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { applyMigrations, MIGRATIONS_FOLDER, openLibsqlDatabase } from '../../src/db/libsql.js';
import { newKey, type PartnerClient, partnerClient, publishRates } from '../support/coalition.js';
import { TestApp, TestClock } from '../support/harness.js';
import { DEEP, report } from './support/checks.js';
import { ledgerProblems } from './support/ledger-checks.js';
import { call, ServerProcess, stopAll, type WireResponse } from './support/servers.js';

/**
 * Promise 2: several server processes on one libSQL file (WAL, busy timeout), and many concurrent
 * clients redeeming from one wallet and from one household pool whose wallets are also spent
 * directly. Exactly as many redemptions succeed as the points allow, no wallet overdraws, no
 * answer is a 5xx, and SQLITE_BUSY never reaches a client or the servers' error log.
 */
const SCALE = DEEP ? 4 : 1;
const SERVERS = DEEP ? 3 : 2;
const CLIENTS = DEEP ? 96 : 24;
const POINTS = 10;

let seed: TestApp;
let servers: ServerProcess[] = [];
let shop: PartnerClient;
const members: Record<'wallet' | 'owner' | 'first' | 'second', string> = {
  wallet: '',
  owner: '',
  first: '',
  second: '',
};

/** Tokens are minted by the test's own copy of the network key and the partner key, at the real time. */
async function shopToken(): Promise<string> {
  seed.clock.nowMs = Date.now();
  return shop.token();
}

beforeAll(async () => {
  seed = await TestApp.create({
    clock: new TestClock(Date.now()),
    environment: { RATE_LIMIT_PER_MINUTE: '0' },
  });
  await publishRates(seed);
  shop = await partnerClient(seed, {
    name: 'Corner Shop',
    sector: 'retail',
    country: 'FR',
    settlementCurrency: 'EUR',
  });
  const hotel = await partnerClient(seed, { settlementCurrency: 'EUR', earnRate: '1' });
  for (const name of Object.keys(members) as (keyof typeof members)[]) members[name] = await hotel.enrol();
  await hotel.earn({ memberId: members.wallet, amount: { amount: String(1000 * SCALE), currency: 'EUR' } });
  await hotel.earn({ memberId: members.first, amount: { amount: String(300 * SCALE), currency: 'EUR' } });
  await hotel.earn({ memberId: members.second, amount: { amount: String(300 * SCALE), currency: 'EUR' } });
  const owner = await seed.memberToken(members.owner);
  const pool = await seed.request('POST', '/v1/pools', {
    token: owner,
    body: { kind: 'household', name: 'The Novaks' },
  });
  for (const joiner of [members.first, members.second]) {
    const invite = await seed.request('POST', `/v1/pools/${pool.body.id}/invites`, { token: owner });
    const joined = await seed.request('POST', '/v1/pools/join', {
      token: await seed.memberToken(joiner),
      body: { code: invite.body.code },
    });
    if (joined.status !== 200) throw new Error(`join: ${JSON.stringify(joined.body)}`);
  }
  members.owner = `${members.owner}|${pool.body.id}`;
  servers = await Promise.all(
    Array.from({ length: SERVERS }, () => ServerProcess.start(seed.config.databaseUrl)),
  );
});

afterAll(async () => {
  await stopAll(servers);
  await seed?.close();
});

type Source = 'wallet' | 'pool' | 'member';
interface Operation {
  readonly source: Source;
  readonly key: string;
  /** Sent twice at once, to two different servers, with the same Idempotency-Key. */
  readonly duplicated: boolean;
}

function redeemBody(source: Source) {
  if (source === 'wallet') return { memberId: members.wallet, points: POINTS };
  if (source === 'member') return { memberId: members.first, points: POINTS };
  const [owner, poolId] = members.owner.split('|');
  return { memberId: owner, points: POINTS, source: { type: 'pool', poolId } };
}

describe('double spending across processes', () => {
  test(`${SERVERS} processes, ${CLIENTS} concurrent clients: exactly the points there are, and not one more`, {
    timeout: DEEP ? 600_000 : 120_000,
  }, async () => {
    const operations: Operation[] = [
      ...Array.from({ length: 150 * SCALE }, (_, index) => ({
        source: 'wallet' as const,
        key: newKey('wallet'),
        duplicated: index % 8 === 0,
      })),
      ...Array.from({ length: 90 * SCALE }, (_, index) => ({
        source: 'pool' as const,
        key: newKey('pool'),
        duplicated: index % 8 === 0,
      })),
      ...Array.from({ length: 40 * SCALE }, () => ({
        source: 'member' as const,
        key: newKey('member'),
        duplicated: false,
      })),
    ].sort(() => Math.random() - 0.5);
    const answers: { operation: Operation; response: WireResponse }[] = [];
    let retries = 0;
    let next = 0;
    const send = async (operation: Operation, server: ServerProcess) => {
      for (let attempt = 0; ; attempt += 1) {
        const response = await call(
          server.url,
          'POST',
          '/v1/redeem',
          await shopToken(),
          redeemBody(operation.source),
          operation.key,
        );
        // write_conflict says "retry with the same key"; a client does.
        if (response.status !== 409 || response.body.code !== 'write_conflict' || attempt === 30)
          return response;
        retries += 1;
      }
    };
    const startedMs = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (let index = next++; index < operations.length; index = next++) {
          const operation = operations[index] as Operation;
          const first = servers[(client + index) % servers.length] as ServerProcess;
          const second = servers[(client + index + 1) % servers.length] as ServerProcess;
          const sent = operation.duplicated
            ? await Promise.all([send(operation, first), send(operation, second)])
            : [await send(operation, first)];
          for (const response of sent) answers.push({ operation, response });
        }
      }),
    );
    const elapsedMs = performance.now() - startedMs;

    const outcomes: Record<string, number> = {};
    for (const { response } of answers) {
      const outcome = response.status === 201 ? '201' : `${response.status} ${response.body.code ?? ''}`;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    report('double spend', {
      servers: SERVERS,
      clients: CLIENTS,
      requests: answers.length,
      retries,
      elapsedMs: Math.round(elapsedMs),
      outcomes,
    });
    expect(Object.keys(outcomes).sort()).toEqual(['201', '422 insufficient_points']);

    // Posted exactly once per key, and exactly as many as the points allow.
    const posted = new Map<Source, Set<string>>([
      ['wallet', new Set()],
      ['pool', new Set()],
      ['member', new Set()],
    ]);
    const byKey = new Map<string, Set<string>>();
    for (const { operation, response } of answers) {
      if (response.status !== 201) continue;
      posted.get(operation.source)?.add(String(response.body.id));
      byKey.set(operation.key, (byKey.get(operation.key) ?? new Set()).add(String(response.body.id)));
    }
    expect([...byKey.values()].every((ids) => ids.size === 1)).toBe(true);
    expect(posted.get('wallet')?.size).toBe((1000 * SCALE) / POINTS);
    expect((posted.get('pool')?.size ?? 0) + (posted.get('member')?.size ?? 0)).toBe((600 * SCALE) / POINTS);

    const db = seed.deps.db;
    const balances = (await db.all(
      sql`SELECT id, balance FROM accounts WHERE kind IN ('wallet', 'redemption')`,
    )) as { id: string; balance: number }[];
    const balance = (id: string) => balances.find((row) => row.id === id)?.balance;
    expect([
      balance(`wallet:${members.wallet}`),
      balance(`wallet:${members.first}`),
      balance(`wallet:${members.second}`),
    ]).toEqual([0, 0, 0]);
    expect(balance(`redemption:${shop.partner.id}`)).toBe(1600 * SCALE);
    const [perKey] = (await db.all(
      sql`SELECT COALESCE(MAX(n), 0) AS most FROM (SELECT COUNT(*) AS n FROM transactions WHERE idempotency_key IS NOT NULL GROUP BY partner_id, idempotency_key)`,
    )) as { most: number }[];
    expect(perKey?.most).toBe(1);
    expect(await db.all(sql`PRAGMA integrity_check`)).toEqual([{ integrity_check: 'ok' }]);
    expect(await ledgerProblems(db)).toEqual({});
    for (const server of servers)
      expect(server.stderr).not.toMatch(/SQLITE_BUSY|database is locked|internal_error|"level":"error"/);
  });

  test('a key removed through one process is refused by the other on the next request', async () => {
    const [first, second] = servers as [ServerProcess, ServerProcess];
    const spare = await seed.registerPartnerKey(shop.partner.id);
    seed.clock.nowMs = Date.now();
    const token = await seed.partnerToken(shop.partner.id, spare);
    expect((await call(second.url, 'GET', `/v1/members/${members.wallet}/balance`, token)).status).toBe(200);
    seed.clock.nowMs = Date.now();
    const removed = await call(
      first.url,
      'DELETE',
      `/v1/partners/${shop.partner.id}/keys/${spare.kid}`,
      await seed.operatorToken(),
    );
    expect(removed.status).toBe(200);
    const refused = await call(second.url, 'GET', `/v1/members/${members.wallet}/balance`, token);
    expect([refused.status, refused.body.code]).toEqual([401, 'invalid_token']);
  });

  test('a 1 MB Authorization header on the wire is refused by the HTTP server, not a 5xx, and the server keeps serving', async () => {
    const server = servers[0] as ServerProcess;
    const status = await fetch(`${server.url}/v1/me`, {
      headers: { authorization: `Bearer ${'a'.repeat(1024 * 1024)}` },
    }).then(
      (response) => response.status,
      () => 0,
    );
    // Node's HTTP parser refuses headers over 16 KiB with 431 (or drops the connection) before Tessera runs.
    expect([0, 431]).toContain(status);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});

describe('first start', () => {
  test('two connections migrating a new file at once both succeed: the loser of the race reads again', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'tessera-migrate-race-'));
    const url = `file:${join(directory, 'tessera.db')}`;
    const first = await openLibsqlDatabase({ url });
    const second = await openLibsqlDatabase({ url });
    try {
      // Both read "nothing applied" before either commits; one batch then fails on existing tables.
      await Promise.all([applyMigrations(first.db), applyMigrations(second.db)]);
      const migrations = readdirSync(MIGRATIONS_FOLDER).filter((name) => name.endsWith('.sql')).length;
      expect(await first.db.all(sql`SELECT COUNT(*) AS applied FROM __drizzle_migrations`)).toEqual([
        { applied: migrations },
      ]);
    } finally {
      first.client.close();
      second.client.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });

  // Real processes race only now and then (their start-up times differ); the deep run tries it often.
  test.runIf(DEEP)(
    '4 processes started at once on a new file, 5 times: all start, on one schema and one network key',
    { timeout: 300_000 },
    async () => {
      for (let round = 0; round < 5; round += 1) {
        const directory = mkdtempSync(join(tmpdir(), 'tessera-first-start-'));
        const databaseUrl = `file:${join(directory, 'tessera.db')}`;
        const starting = await Promise.allSettled(
          Array.from({ length: 4 }, () => ServerProcess.start(databaseUrl)),
        );
        const started = starting.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
        await stopAll(started);
        expect(
          starting.map((result) =>
            result.status === 'rejected' ? String(result.reason).slice(0, 300) : 'started',
          ),
        ).toEqual(starting.map(() => 'started'));
        const { client, db } = await openLibsqlDatabase({ url: databaseUrl });
        try {
          const migrations = readdirSync(MIGRATIONS_FOLDER).filter((name) => name.endsWith('.sql')).length;
          expect(await db.all(sql`SELECT COUNT(*) AS applied FROM __drizzle_migrations`)).toEqual([
            { applied: migrations },
          ]);
          expect(await db.all(sql`SELECT COUNT(*) AS keys FROM network_keys`)).toEqual([{ keys: 1 }]);
        } finally {
          client.close();
          rmSync(directory, { recursive: true, force: true });
        }
      }
    },
  );
});
