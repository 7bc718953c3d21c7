import type { InStatement, InValue } from '@libsql/client';
import { desc } from 'drizzle-orm';
import type { BatchStatement } from '../src/db/database.js';
import { openLibsqlDatabase } from '../src/db/libsql.js';
import { fxSnapshots } from '../src/db/schema/index.js';
import { createIdGenerator } from '../src/domain/ids.js';
import type { Coalition } from './coalition.js';
import { earnStatements } from './earn-statements.js';
import { round } from './load.js';

export interface RawDatabaseFigures {
  /** Earn write batches committed per second, one after another (the driver is synchronous). */
  readonly batchesPerSecond: number;
  readonly batches: number;
  readonly statementsPerBatch: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

const CHUNK = 500;

type Query = { sql: string; params: unknown[] };
const toQuery = (statement: BatchStatement): Query => (statement as unknown as { toSQL(): Query }).toSQL();

/**
 * The database's own limit for earns: the exact statements an earn writes (idempotency record,
 * transaction, earn transfer whose trigger moves the balances and the settlement totals, lot),
 * built by the app's own statement builders and committed with `client.batch` in a loop, no HTTP.
 * Building the statements is not timed; only the batches are.
 */
export async function measureRawDatabase(options: {
  databaseUrl: string;
  synchronous: 'FULL' | 'NORMAL';
  coalition: Coalition;
  durationSeconds: number;
}): Promise<RawDatabaseFigures> {
  const { client, db } = await openLibsqlDatabase({
    url: options.databaseUrl,
    synchronous: options.synchronous,
  });
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
        idempotencyKey: `raw-${sequence}`,
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
    latencies.sort((a, b) => a - b);
    const at = (fraction: number) =>
      round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * fraction))] ?? 0, 3);
    return {
      batchesPerSecond: round((latencies.length * 1000) / busyMs, 1),
      batches: latencies.length,
      statementsPerBatch: 4,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
    };
  } finally {
    client.close();
  }
}
