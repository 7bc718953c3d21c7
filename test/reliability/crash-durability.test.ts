// @module-tag deep — server processes started and killed: `npm run test:deep` runs it, `npm test` does not.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openLibsqlDatabase } from '../../src/db/libsql.js';
import { newKey, type PartnerClient, partnerClient, publishRates } from '../support/coalition.js';
import { TestApp, TestClock } from '../support/harness.js';
import { DEEP, report } from './support/checks.js';
import { ledgerProblems } from './support/ledger-checks.js';
import { call, ServerProcess } from './support/servers.js';

/**
 * Promise 3: a server killed with SIGKILL at random moments of a write load (earns, redemptions,
 * refunds from several clients) and restarted on the same file loses nothing it acknowledged and
 * keeps no half-written batch. After the last kill every request whose answer was lost is sent
 * again with its Idempotency-Key, and every key has posted at most once.
 */
const KILLS = Number(process.env.CRASH_KILLS ?? (DEEP ? 25 : 3));
const WORKERS = DEEP ? 16 : 8;
const MEMBERS = 12;

interface Sent {
  readonly key: string;
  readonly client: 'hotel' | 'shop';
  readonly path: string;
  readonly body: unknown;
  status: number;
  id?: string;
}

let seed: TestApp;
let hotel: PartnerClient;
let shop: PartnerClient;
const members: string[] = [];
let server: ServerProcess | undefined;

beforeAll(async () => {
  seed = await TestApp.create({
    clock: new TestClock(Date.now()),
    environment: { RATE_LIMIT_PER_MINUTE: '0' },
  });
  await publishRates(seed);
  hotel = await partnerClient(seed, { settlementCurrency: 'EUR', earnRate: '1' });
  shop = await partnerClient(seed, {
    name: 'Corner Shop',
    sector: 'retail',
    country: 'FR',
    settlementCurrency: 'EUR',
  });
  for (let index = 0; index < MEMBERS; index += 1) {
    const memberId = await hotel.enrol();
    await hotel.earn({ memberId, amount: { amount: '50.00', currency: 'EUR' } });
    members.push(memberId);
  }
});

afterAll(async () => {
  await server?.kill();
  await seed?.close();
});

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

function nextOperation(sent: readonly Sent[]): Sent {
  const roll = Math.random();
  const memberId = pick(members);
  if (roll < 0.5)
    return {
      key: newKey('earn'),
      client: 'hotel',
      path: '/v1/earn',
      body: { memberId, amount: { amount: `${1 + Math.floor(Math.random() * 99)}.00`, currency: 'EUR' } },
      status: -1,
    };
  const earns = sent.filter((item) => item.path === '/v1/earn' && item.id !== undefined);
  if (roll < 0.8 || earns.length === 0)
    return {
      key: newKey('redeem'),
      client: 'shop',
      path: '/v1/redeem',
      body: { memberId, points: 1 + Math.floor(Math.random() * 30) },
      status: -1,
    };
  return {
    key: newKey('refund'),
    client: 'hotel',
    path: `/v1/transactions/${pick(earns).id}/reversals`,
    body: { amount: { amount: '1.00', currency: 'EUR' } },
    status: -1,
  };
}

async function send(url: string, item: Sent): Promise<void> {
  seed.clock.nowMs = Date.now();
  const token = await (item.client === 'hotel' ? hotel : shop).token();
  const response = await call(url, 'POST', item.path, token, item.body, item.key);
  item.status = response.status;
  if (response.status >= 200 && response.status < 300) item.id = String(response.body.id);
}

describe('crash durability', () => {
  test(`${KILLS} SIGKILLs at random moments of a write load: nothing acknowledged is lost, nothing is half-written`, {
    timeout: 60_000 + KILLS * 15_000,
  }, async () => {
    const sent: Sent[] = [];
    const killedAfterMs: number[] = [];
    for (let kill = 0; kill < KILLS; kill += 1) {
      server = await ServerProcess.start(seed.config.databaseUrl);
      const url = server.url;
      let running = true;
      const workers = Array.from({ length: WORKERS }, async () => {
        while (running) {
          const item = nextOperation(sent);
          sent.push(item);
          await send(url, item);
        }
      });
      const delayMs = 200 + Math.floor(Math.random() * 1000);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      killedAfterMs.push(delayMs);
      server.killNow('SIGKILL');
      running = false;
      await server.kill();
      await Promise.all(workers);
    }
    const lost = sent.filter((item) => item.status === 0);
    expect(sent.filter((item) => item.status >= 500)).toEqual([]);

    // Restart once more: every request whose answer was lost gets a definite one, and acknowledged keys replay.
    server = await ServerProcess.start(seed.config.databaseUrl);
    for (const item of lost) await send(server.url, item);
    const acknowledged = sent.filter((item) => item.id !== undefined);
    for (const item of acknowledged.slice(0, 40)) {
      const before = item.id;
      await send(server.url, item);
      expect(item.id).toBe(before);
    }
    await server.kill();
    server = undefined;
    expect(sent.filter((item) => item.status === 0 || item.status >= 500)).toEqual([]);

    // A fresh connection, as the next start would open it.
    const { client, db } = await openLibsqlDatabase({ url: seed.config.databaseUrl });
    try {
      expect(await db.all(sql`PRAGMA integrity_check`)).toEqual([{ integrity_check: 'ok' }]);
      const rows = (await db.all(
        sql`SELECT id, partner_id, idempotency_key FROM transactions WHERE idempotency_key IS NOT NULL`,
      )) as { id: string; partner_id: string; idempotency_key: string }[];
      const byKey = new Map<string, string[]>();
      for (const row of rows)
        byKey.set(row.idempotency_key, [...(byKey.get(row.idempotency_key) ?? []), row.id]);
      const missing = sent.filter(
        (item) => item.id !== undefined && !(byKey.get(item.key) ?? []).includes(item.id),
      );
      const refusedButPosted = sent.filter((item) => item.status >= 400 && byKey.has(item.key));
      const postedTwice = [...byKey.values()].filter((ids) => ids.length > 1);
      report('crash durability', {
        kills: KILLS,
        killedAfterMs,
        requests: sent.length,
        answeredBeforeKills: sent.length - lost.length,
        answersLostToKills: lost.length,
        acknowledgedInTheEnd: sent.filter((item) => item.id !== undefined).length,
        missing: missing.length,
      });
      expect({ missing, refusedButPosted, postedTwice }).toEqual({
        missing: [],
        refusedButPosted: [],
        postedTwice: [],
      });
      expect(await ledgerProblems(db)).toEqual({});
      expect(lost.length + acknowledged.length).toBeGreaterThan(KILLS * 5);
    } finally {
      client.close();
    }
  });
});
