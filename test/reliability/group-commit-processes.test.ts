// @module-tag deep — server processes started and killed: `npm run test:deep` runs it, `npm test` does not.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { openEmbeddedClient } from '../../src/db/embedded/client.js';
import { DEEP, report } from './support/checks.js';
import { WriterProcess } from './support/writer-processes.js';

/**
 * Several processes on one file, each with its own writer thread committing groups: their groups
 * take the file's write lock in turn (`BEGIN IMMEDIATE`, busy timeout), and a guard inside each
 * batch decides against what the others committed. Each process sends its batches five at a time
 * to take items from one stock, whose CHECK refuses to go below 0; demand is about twice the
 * stock: exactly the stock is taken, the rest is refused by the guard, nothing fails otherwise.
 */
const PROCESSES = DEEP ? 4 : 3;
const ROUNDS = DEEP ? 120 : 60;
const ATTEMPTS = PROCESSES * ROUNDS * 5;
const STOCK = Math.floor(ATTEMPTS / 2);

let directory: string;
let file: string;

beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), 'tessera-processes-'));
  file = join(directory, 'shared.db');
  const client = await openEmbeddedClient({ path: file, synchronous: 'FULL', busyTimeoutMs: 5000 });
  await client.executeMultiple(`
    CREATE TABLE stock (remaining INTEGER NOT NULL CHECK (remaining >= 0));
    CREATE TABLE taken (item TEXT PRIMARY KEY);
    INSERT INTO stock (remaining) VALUES (${STOCK});
  `);
  await client.shutdown();
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

test(`${PROCESSES} processes group-committing on one file: exactly the stock of ${STOCK} is taken, and nothing else fails`, {
  timeout: 60_000 + ATTEMPTS * 50,
}, async () => {
  const children = Array.from({ length: PROCESSES }, (_, index) =>
    WriterProcess.start('stock', file, `p${index}`, ROUNDS),
  );
  await Promise.all(children.map((child) => child.waitFor((line) => line === 'done')));

  const acknowledged = children.flatMap((child) => child.outcomes('ack'));
  const refused = children.flatMap((child) => child.lines.filter((line) => line.startsWith('refused ')));
  expect(children.flatMap((child) => child.outcomes('error'))).toEqual([]);
  expect(acknowledged).toHaveLength(STOCK);
  expect(refused).toHaveLength(ATTEMPTS - STOCK);
  expect(refused.every((line) => line.endsWith(' SQLITE_CONSTRAINT_CHECK'))).toBe(true);

  const connection = new Database(file);
  try {
    const taken = (connection.prepare('SELECT item FROM taken').all() as { item: string }[]).map(
      (row) => row.item,
    );
    expect(taken.sort()).toEqual([...acknowledged].sort());
    expect(connection.prepare('SELECT remaining FROM stock').all()).toEqual([{ remaining: 0 }]);
    expect(connection.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }]);
    report('group commit across processes', {
      processes: PROCESSES,
      batches: ATTEMPTS,
      stock: STOCK,
      taken: acknowledged.length,
      refusedByTheGuard: refused.length,
    });
  } finally {
    connection.close();
  }
});
