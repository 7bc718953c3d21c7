import { desc, eq, sql } from 'drizzle-orm';
import type { FxSnapshot } from '../domain/fx.js';
import type { BatchStatement, Database } from './database.js';
import { preparedQuery } from './prepared.js';
import { fxSnapshots } from './schema/index.js';

export type { FxSnapshot } from '../domain/fx.js';

type FxSnapshotRow = typeof fxSnapshots.$inferSelect;

export function toFxSnapshot(row: FxSnapshotRow): FxSnapshot {
  return {
    id: row.id,
    referenceCurrency: row.referenceCurrency,
    asOfMs: row.asOf,
    createdAtMs: row.createdAt,
    rates: JSON.parse(row.rates) as Record<string, string>,
  };
}

/** Snapshots are immutable: publishing one is a single insert, never an update. */
export function insertFxSnapshotStatement(db: Database, snapshot: FxSnapshot): BatchStatement {
  return db.insert(fxSnapshots).values({
    id: snapshot.id,
    referenceCurrency: snapshot.referenceCurrency,
    asOf: snapshot.asOfMs,
    rates: JSON.stringify(snapshot.rates),
    createdAt: snapshot.createdAtMs,
  });
}

/** The snapshot in force: the newest by `asOf`; of equal `asOf`, the last published (ids sort by creation). */
const latestQuery = preparedQuery((db) =>
  db.select().from(fxSnapshots).orderBy(desc(fxSnapshots.asOf), desc(fxSnapshots.id)).limit(1).prepare(),
);

export async function latestFxSnapshot(db: Database): Promise<FxSnapshot | undefined> {
  const [row] = await latestQuery(db).all();
  return row === undefined ? undefined : toFxSnapshot(row);
}

export async function findFxSnapshot(db: Database, id: string): Promise<FxSnapshot | undefined> {
  const [row] = await db.select().from(fxSnapshots).where(eq(fxSnapshots.id, id)).limit(1);
  return row === undefined ? undefined : toFxSnapshot(row);
}

/**
 * Newest first in the same order as `latestFxSnapshot` (so the first entry is the one in force),
 * keyset-paginated after the snapshot `beforeId`. An unknown `beforeId` yields an empty page.
 */
export async function listFxSnapshots(db: Database, limit: number, beforeId?: string): Promise<FxSnapshot[]> {
  const after =
    beforeId === undefined
      ? undefined
      : sql`(${fxSnapshots.asOf}, ${fxSnapshots.id}) < (SELECT ${fxSnapshots.asOf}, ${fxSnapshots.id} FROM ${fxSnapshots} WHERE ${fxSnapshots.id} = ${beforeId})`;
  const rows = await db
    .select()
    .from(fxSnapshots)
    .where(after)
    .orderBy(desc(fxSnapshots.asOf), desc(fxSnapshots.id))
    .limit(limit);
  return rows.map(toFxSnapshot);
}
