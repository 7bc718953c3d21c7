// @module-tag deep — server processes started and killed: `npm run test:deep` runs it, `npm test` does not.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openEmbeddedClient } from '../../src/db/embedded/client.js';
import { DEEP, report } from './support/checks.js';
import { WriterProcess, writeLockHeld } from './support/writer-processes.js';

/**
 * A process killed with SIGKILL while its writer thread has a group open loses no batch it
 * acknowledged and commits no part of the open group: every batch is in the file whole or not
 * at all. Each batch writes two halves with filler rows between them.
 */
const KILLS = DEEP ? 20 : 3;

let directory: string;
let file: string;

beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), 'tessera-crash-'));
  file = join(directory, 'crash.db');
  const client = await openEmbeddedClient({ path: file, synchronous: 'FULL', busyTimeoutMs: 5000 });
  await client.executeMultiple(`
    CREATE TABLE halves (batch TEXT NOT NULL, half INTEGER NOT NULL, PRIMARY KEY (batch, half));
    CREATE TABLE filler (batch TEXT, text TEXT);
    INSERT INTO halves (batch, half) VALUES ('before', 1), ('before', 2);
  `);
  await client.shutdown();
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** What the file holds once a fresh connection has recovered it. */
function recovered() {
  const connection = new Database(file);
  try {
    const all = (sql: string) => connection.prepare(sql).all() as Record<string, unknown>[];
    return {
      integrity: all('PRAGMA integrity_check'),
      halves: all('SELECT batch, COUNT(*) AS halves FROM halves GROUP BY batch ORDER BY batch'),
      fillerBatches: all('SELECT DISTINCT batch FROM filler ORDER BY batch').map((row) => row.batch),
    };
  } finally {
    connection.close();
  }
}

const walBytes = () => {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
};
const pause = (milliseconds: number) => new Promise((resume) => setTimeout(resume, milliseconds));

describe('a process killed during group commit', () => {
  test('killed while a group is open, with its pages already spilled into the WAL: nothing of the group is committed', async () => {
    const walBefore = walBytes();
    const child = WriterProcess.start('stuck-group', file, 'stuck');
    await child.waitFor((line) => line === 'sent');
    // The group holds the write lock, and its first batch (5 MB of rows) has overflowed the page
    // cache into the WAL, uncommitted; its second batch never ends.
    while (!(writeLockHeld(file) && walBytes() > walBefore + 1_000_000)) await pause(10);
    await child.kill();

    expect(child.outcomes('ack')).toEqual([]);
    expect(recovered()).toEqual({
      integrity: [{ integrity_check: 'ok' }],
      halves: [{ batch: 'before', halves: 2 }],
      fillerBatches: [],
    });
  });

  test(`${KILLS} SIGKILLs at random moments of a group-committed load: every acknowledged batch whole, no batch half-written`, {
    timeout: 60_000 + KILLS * 15_000,
  }, async () => {
    const acknowledged: string[] = [];
    for (let kill = 0; kill < KILLS; kill += 1) {
      const child = WriterProcess.start('load', file, `run${kill}`);
      await child.waitFor((line) => line.startsWith('ack '));
      // The moment only decides where the kill lands; what is checked holds at any moment.
      await pause(Math.random() * 300);
      await child.kill();
      expect(child.outcomes('error')).toEqual([]);
      acknowledged.push(...child.outcomes('ack'));
    }

    const { integrity, halves, fillerBatches } = recovered();
    expect(integrity).toEqual([{ integrity_check: 'ok' }]);
    expect(halves.filter((row) => row.halves !== 2)).toEqual([]);
    const committed = new Set(halves.map((row) => row.batch));
    expect(acknowledged.filter((batch) => !committed.has(batch))).toEqual([]);
    expect(fillerBatches).toEqual([...committed].filter((batch) => batch !== 'before').sort());
    report('group commit crashes', {
      kills: KILLS,
      acknowledged: acknowledged.length,
      committed: committed.size - 1,
      committedNotYetAnswered: committed.size - 1 - acknowledged.length,
    });
  });
});
