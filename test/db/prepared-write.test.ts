import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { BatchStatement } from '../../src/db/database.js';
import { transferStatement } from '../../src/db/ledger.js';
import { preparedInsert } from '../../src/db/prepared-write.js';
import { lots, transactions } from '../../src/db/schema/index.js';
import { TestApp } from '../support/harness.js';

/**
 * A hot write is rendered by drizzle once per database handle and bound to each write's values:
 * the statement a batch gets must be the one drizzle's builder gives for the same row.
 */
let app: TestApp;
beforeEach(async () => {
  app = await TestApp.create();
});
afterEach(async () => {
  await app.close();
});

type Query = { sql: string; params: unknown[] };
const queryOf = (statement: BatchStatement): Query => (statement as unknown as { toSQL(): Query }).toSQL();

const transaction = {
  id: 'txn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  partnerId: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  memberId: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  kind: 'earn' as const,
  status: 'posted' as const,
  amountMinor: 21_700,
  currency: 'USD',
  fxSnapshotId: null,
  points: 200,
  details: { kind: 'earn' as const, pointsRepaid: 0 },
  externalReference: undefined,
  createdAt: 1_764_000_000_000,
};

describe('preparedInsert', () => {
  test('binds the SQL and parameters drizzle builds: nulls, defaults and JSON alike', async () => {
    const { db } = app.deps;
    const insert = preparedInsert(transactions);
    // The first call renders; the second binds other values into the same SQL.
    insert(db, transaction);
    const other = {
      ...transaction,
      id: 'txn_2',
      points: 7,
      details: { kind: 'earn' as const, pointsRepaid: 3 },
    };
    expect(queryOf(insert(db, other))).toEqual(queryOf(db.insert(transactions).values(other)));
    expect(queryOf(insert(db, other)).params).toContain('{"kind":"earn","pointsRepaid":3}');
  });

  test('a column given as null in one row and a value in another renders two statements', async () => {
    const { db } = app.deps;
    const insert = preparedInsert(transactions);
    const withSnapshot = { ...transaction, fxSnapshotId: 'fx_1' };
    expect(queryOf(insert(db, transaction))).toEqual(queryOf(db.insert(transactions).values(transaction)));
    expect(queryOf(insert(db, withSnapshot))).toEqual(queryOf(db.insert(transactions).values(withSnapshot)));
  });

  test('a bound insert commits in a batch the row the builder commits', async () => {
    const { db } = app.deps;
    const insert = preparedInsert(lots);
    const lot = {
      memberId: 'mem_1',
      issuerPartnerId: 'ptn_1',
      transactionId: 'txn_1',
      pointsOriginal: 5,
      pointsRemaining: 5,
      expiresAt: 2,
      createdAt: 1,
    };
    await db.batch([
      insert(db, { ...lot, id: 'lot_bound' }),
      db.insert(lots).values({ ...lot, id: 'lot_built' }),
    ]);
    const rows = await db.select().from(lots);
    const bound = rows.find((row) => row.id === 'lot_bound');
    const built = rows.find((row) => row.id === 'lot_built');
    expect(bound).toEqual({ ...built, id: 'lot_bound' });
  });
});

describe('transferStatement', () => {
  test('keeps the unit price a subquery of the batch, read from the terms it is priced at', async () => {
    const { db } = app.deps;
    const transfer = {
      id: 'trf_1',
      transactionId: 'txn_1',
      kind: 'earn' as const,
      debitAccountId: 'issuance:ptn_1',
      creditAccountId: 'wallet:mem_1',
      points: 200,
      partnerId: 'ptn_1',
      createdAt: 1,
    };
    const query = queryOf(transferStatement(db, transfer));
    expect(query.sql).toMatch(
      /\(SELECT "partners"\."issue_price" FROM "partners" WHERE "partners"\."id" = \?\)/,
    );
    expect(query.params).toEqual([
      'trf_1',
      'txn_1',
      'earn',
      'issuance:ptn_1',
      'wallet:mem_1',
      200,
      'ptn_1',
      'ptn_1',
      1,
    ]);
  });
});
