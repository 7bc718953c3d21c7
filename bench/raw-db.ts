import { createClient, type InStatement, type InValue } from '@libsql/client';
import { desc } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import type { BatchStatement, Database } from '../src/db/database.js';
import { openLibsqlDatabase } from '../src/db/libsql.js';
import * as schema from '../src/db/schema/index.js';
import { fxSnapshots } from '../src/db/schema/index.js';
import { createIdGenerator } from '../src/domain/ids.js';
import type { Coalition } from './coalition.js';
import { earnStatements } from './earn-statements.js';
import { round } from './load.js';

export interface RawDatabaseFigures {
  /** Earn write batches committed per second: one after another, or `inFlight` at once. */
  readonly batchesPerSecond: number;
  readonly batches: number;
  readonly statementsPerBatch: number;
  readonly inFlight: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

const CHUNK = 500;

type Query = { sql: string; params: unknown[] };
const toQuery = (statement: BatchStatement): Query => (statement as unknown as { toSQL(): Query }).toSQL();

/**
 * `@libsql/client` on the file, set up as Tessera set up its embedded database before the
 * embedded client: one connection, WAL, the same busy timeout and `synchronous`.
 */
async function openLibsqlClient(url: string, synchronous: 'FULL' | 'NORMAL') {
  const client = createClient({ url, concurrency: 1, timeout: 5000 });
  await client.execute('PRAGMA journal_mode = WAL');
  await client.execute('PRAGMA busy_timeout = 5000');
  await client.execute(`PRAGMA synchronous = ${synchronous}`);
  await client.execute('PRAGMA foreign_keys = ON');
  const db: Database = drizzle(client, { schema });
  return { client, db, close: async () => client.close() };
}

/**
 * The database's own limit for earns: the exact statements an earn writes (idempotency record,
 * transaction, earn transfer whose trigger moves the balances and the settlement totals, lot),
 * built by the app's own statement builders and committed with `client.batch` in a loop, one
 * batch and one commit after another, no HTTP. Building the statements is not timed; only the
 * batches are.
 *
 * `driver: 'libsql-client'` is the raw database of the ratios, measured as it always was:
 * through `@libsql/client`, which prepares every statement again on each call. `'embedded'` is
 * the same loop through Tessera's embedded client (prepared statements kept, the commit on the
 * writer thread): one batch at a time, so that no group holds more than one, or `inFlight`
 * batches at once, which group commit serves with one commit per group.
 */
export async function measureRawDatabase(options: {
  databaseUrl: string;
  synchronous: 'FULL' | 'NORMAL';
  coalition: Coalition;
  durationSeconds: number;
  driver: 'libsql-client' | 'embedded';
  /** Batches in flight at once (embedded client only); 1 unless given. */
  inFlight?: number;
}): Promise<RawDatabaseFigures> {
  const inFlight = options.driver === 'embedded' ? (options.inFlight ?? 1) : 1;
  const { client, db, close } =
    options.driver === 'libsql-client'
      ? await openLibsqlClient(options.databaseUrl, options.synchronous)
      : await openLibsqlDatabase({ url: options.databaseUrl, synchronous: options.synchronous });
  try {
    const [snapshot] = await db
      .select({ id: fxSnapshots.id })
      .from(fxSnapshots)
      .orderBy(desc(fxSnapshots.asOf))
      .limit(1);
    const ids = createIdGenerator(Date.now);
    const { partners, memberIds } = options.coalition;
    let sequence = 0;
    const earnBatch = (): InStatement[] => {
      sequence += 1;
      const partner = partners[sequence % partners.length];
      const memberId = memberIds[(sequence * 7919) % memberIds.length];
      if (partner === undefined || memberId === undefined) throw new Error('empty coalition');
      const statements = earnStatements(db, ids, {
        partnerId: partner.id,
        memberId,
        points: 40 + (sequence % 60),
        amountMinor: 4000,
        currency: 'EUR',
        fxSnapshotId: snapshot?.id ?? 'reference',
        fxRate: '1',
        idempotencyKey: `raw-${options.driver}-${inFlight}-${sequence}`,
        nowMs: Date.now(),
        expiryMonths: 36,
      });
      return statements.map((statement) => {
        const query = toQuery(statement);
        return { sql: query.sql, args: query.params as InValue[] };
      });
    };

    const latencies: number[] = [];
    let busyMs = 0;
    const deadline = performance.now() + options.durationSeconds * 1000;
    if (inFlight === 1) {
      while (performance.now() < deadline) {
        const chunk = Array.from({ length: CHUNK }, earnBatch);
        for (const batch of chunk) {
          const startedAt = performance.now();
          await client.batch(batch);
          const elapsed = performance.now() - startedAt;
          busyMs += elapsed;
          latencies.push(elapsed);
        }
      }
    } else {
      // `inFlight` writers, each sending its next batch as soon as its last one committed: the
      // writer thread commits whatever is queued together. Wall time is the measure here.
      const startedAt = performance.now();
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (performance.now() < deadline) {
            const batch = earnBatch();
            const sentAt = performance.now();
            await client.batch(batch);
            latencies.push(performance.now() - sentAt);
          }
        }),
      );
      busyMs = performance.now() - startedAt;
    }
    latencies.sort((a, b) => a - b);
    const at = (fraction: number) =>
      round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * fraction))] ?? 0, 3);
    return {
      batchesPerSecond: round((latencies.length * 1000) / busyMs, 1),
      batches: latencies.length,
      statementsPerBatch: 4,
      inFlight,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
    };
  } finally {
    await close();
  }
}
