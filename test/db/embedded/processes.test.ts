import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { openEmbeddedClient } from '../../../src/db/embedded/client.js';
import { WriterProcess } from './support/writer-processes.js';

/**
 * Several processes on one file, each with its own writer thread committing groups: their groups
 * take the file's write lock in turn (`BEGIN IMMEDIATE`, busy timeout), and a guard inside each
 * batch decides against what the others committed. 3 processes × 300 batches take from a stock of
 * 500: exactly 500 succeed, the rest are refused by the guard, none fails otherwise.
 */
const PROCESSES = 3;
const STOCK = 500;

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

test(`${PROCESSES} processes group-committing on one file: exactly the stock is taken, and nothing else fails`, async () => {
  const children = Array.from({ length: PROCESSES }, (_, index) =>
    WriterProcess.start('stock', file, `p${index}`),
  );
  await Promise.all(children.map((child) => child.waitFor((line) => line === 'done')));

  const acknowledged = children.flatMap((child) => child.outcomes('ack'));
  const refused = children.flatMap((child) => child.lines.filter((line) => line.startsWith('refused ')));
  expect(children.flatMap((child) => child.outcomes('error'))).toEqual([]);
  expect(acknowledged).toHaveLength(STOCK);
  expect(refused).toHaveLength(PROCESSES * 300 - STOCK);
  expect(refused.every((line) => line.endsWith(' SQLITE_CONSTRAINT_CHECK'))).toBe(true);

  const connection = new Database(file);
  try {
    const taken = (connection.prepare('SELECT item FROM taken').all() as { item: string }[]).map(
      (row) => row.item,
    );
    expect(taken.sort()).toEqual([...acknowledged].sort());
    expect(connection.prepare('SELECT remaining FROM stock').all()).toEqual([{ remaining: 0 }]);
    expect(connection.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }]);
  } finally {
    connection.close();
  }
});
