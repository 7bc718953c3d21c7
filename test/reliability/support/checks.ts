import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import type { TestResponse } from '../../support/harness.js';

/** Asserts an RFC 9457 problem answer: the status (when given), problem+json, and a stable code. */
export function expectProblem(
  response: Pick<TestResponse, 'status' | 'headers' | 'body'>,
  status?: number,
  code?: string,
): void {
  if (status !== undefined) expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(typeof response.body?.code, JSON.stringify(response.body)).toBe('string');
  expect(response.body.status).toBe(response.status);
  if (code !== undefined) expect(response.body.code).toBe(code);
}

/** Every user table of the database, in a stable order. */
async function userTables(db: Database): Promise<string[]> {
  const rows = (await db.all(
    sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
  )) as { name: string }[];
  return rows.map((row) => row.name);
}

/**
 * A digest of every row of every table: two equal fingerprints mean nothing at all was written
 * in between (a stronger check than the ledger tables alone). `except` names tables a refusal
 * writes on purpose.
 */
export async function databaseFingerprint(
  db: Database,
  except: readonly string[] = [],
): Promise<{ digest: string; rows: Record<string, number>; tables: Record<string, string> }> {
  const hash = createHash('sha256');
  const rows: Record<string, number> = {};
  const tables: Record<string, string> = {};
  for (const table of await userTables(db)) {
    if (except.includes(table)) continue;
    const content = JSON.stringify(await db.all(sql.raw(`SELECT * FROM "${table}" ORDER BY rowid`)));
    rows[table] = (JSON.parse(content) as unknown[]).length;
    tables[table] = createHash('sha256').update(content).digest('hex');
    hash.update(table).update(content);
  }
  return { digest: hash.digest('hex'), rows, tables };
}

/** The tables whose rows differ between two fingerprints. */
export function changedTables(
  before: { tables: Record<string, string> },
  after: { tables: Record<string, string> },
): string[] {
  const names = new Set([...Object.keys(before.tables), ...Object.keys(after.tables)]);
  return [...names].filter((name) => before.tables[name] !== after.tables[name]).sort();
}

/** The sum of every account balance: 0 whenever no point was created or destroyed. */
export async function balanceTotal(db: Database): Promise<number> {
  const [row] = (await db.all(sql`SELECT COALESCE(SUM(balance), 0) AS total FROM accounts`)) as {
    total: number;
  }[];
  return Number(row?.total ?? NaN);
}

/** True under `npm run test:deep`: the long variants run. */
export const DEEP = process.env.TESSERA_DEEP === '1';

/** Prints a figure for docs/reliability.md under `test:deep` (or TESSERA_REPORT=1). */
export function report(label: string, figures: Record<string, unknown>): void {
  if (DEEP || process.env.TESSERA_REPORT === '1')
    console.log(`[reliability] ${label} ${JSON.stringify(figures)}`);
}
