import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LibsqlBatchError } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type EmbeddedClient, openEmbeddedClient } from '../../../src/db/embedded/client.js';

/**
 * Group commit: batches that reach the writer while it is busy are committed together, in one
 * transaction with one disk flush, each inside its own savepoint. Each batch stays all-or-nothing
 * and fails exactly as it would alone; the others commit.
 *
 * To queue batches deterministically, a test holds the writer with an interactive transaction,
 * sends the batches, then ends the transaction: every batch is queued by then, and one group
 * takes them all.
 */

let directory: string;
let client: EmbeddedClient;

beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), 'tessera-group-'));
  client = await openEmbeddedClient({
    path: join(directory, 'group.db'),
    synchronous: 'FULL',
    busyTimeoutMs: 5000,
  });
  await client.executeMultiple(`
    CREATE TABLE wallets (id TEXT PRIMARY KEY, balance INTEGER NOT NULL CHECK (balance >= 0));
    CREATE TABLE postings (id TEXT PRIMARY KEY, wallet_id TEXT NOT NULL, points INTEGER NOT NULL);
    INSERT INTO wallets (id, balance) VALUES ('w', 100);
  `);
});

afterEach(async () => {
  await client.shutdown();
  rmSync(directory, { recursive: true, force: true });
});

/** A redemption as Tessera writes one: the posting, then the balance, which its CHECK guards. */
const redeem = (id: string, points: number) =>
  client.batch([
    { sql: 'INSERT INTO postings (id, wallet_id, points) VALUES (?, ?, ?)', args: [id, 'w', points] },
    { sql: 'UPDATE wallets SET balance = balance - ? WHERE id = ?', args: [points, 'w'] },
  ]);

/** Sends `send()`'s batches while the writer is held, so that they all wait for the same group. */
async function queuedTogether(send: () => Promise<unknown>[]): Promise<PromiseSettledResult<unknown>[]> {
  const hold = await client.transaction('write');
  const outcomes = Promise.allSettled(send());
  await hold.rollback();
  return outcomes;
}

const rows = async (sql: string) => (await client.execute(sql)).rows.map((row) => ({ ...row }));

describe('group commit', () => {
  test('a group in which some batches fail their guard commits exactly the others, in one commit', async () => {
    const before = client.groupCommits;
    // 100 points; redemptions of 30 queued together: the first three fit, the fourth and fifth do not.
    const outcomes = await queuedTogether(() => ['a', 'b', 'c', 'd', 'e'].map((id) => redeem(id, 30)));

    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
    ]);
    for (const outcome of outcomes.slice(3)) {
      // Exactly the error the batch would have failed with on its own.
      const error = (outcome as PromiseRejectedResult).reason as LibsqlBatchError;
      expect(error).toBeInstanceOf(LibsqlBatchError);
      expect(error).toMatchObject({
        code: 'SQLITE_CONSTRAINT',
        extendedCode: 'SQLITE_CONSTRAINT_CHECK',
        statementIndex: 1,
      });
    }
    // The refused batches left nothing, not even their first statement; the others all of theirs.
    expect(await rows('SELECT id, points FROM postings ORDER BY id')).toEqual([
      { id: 'a', points: 30 },
      { id: 'b', points: 30 },
      { id: 'c', points: 30 },
    ]);
    expect(await rows('SELECT balance FROM wallets')).toEqual([{ balance: 10 }]);
    expect(client.groupCommits).toEqual({ commits: before.commits + 1, requests: before.requests + 3 });
  });

  test('writes sent on their own join the group like batches', async () => {
    const before = client.groupCommits;
    const outcomes = await queuedTogether(() => [
      client.execute("INSERT INTO postings (id, wallet_id, points) VALUES ('x', 'w', 1)"),
      client.execute("UPDATE wallets SET balance = balance - 1000 WHERE id = 'w'"),
      client.execute("INSERT INTO postings (id, wallet_id, points) VALUES ('y', 'w', 2)"),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({
      name: 'LibsqlError',
      extendedCode: 'SQLITE_CONSTRAINT_CHECK',
    });
    expect(await rows('SELECT id FROM postings ORDER BY id')).toEqual([{ id: 'x' }, { id: 'y' }]);
    expect(client.groupCommits).toEqual({ commits: before.commits + 1, requests: before.requests + 2 });
  });

  test('a failure that ends the whole transaction fails only its batch; the others commit in the next group', async () => {
    // RAISE(ROLLBACK) ends the transaction, not just the statement: the group's savepoints go with it.
    await client.execute(`CREATE TRIGGER postings_refuse_poison BEFORE INSERT ON postings
      WHEN NEW.id = 'poison' BEGIN SELECT RAISE(ROLLBACK, 'poisoned'); END`);
    const outcomes = await queuedTogether(() => ['a', 'b', 'poison', 'c'].map((id) => redeem(id, 10)));

    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({
      statementIndex: 0,
      message: expect.stringContaining('poisoned'),
    });
    expect(await rows('SELECT id FROM postings ORDER BY id')).toEqual([
      { id: 'a' },
      { id: 'b' },
      { id: 'c' },
    ]);
    expect(await rows('SELECT balance FROM wallets')).toEqual([{ balance: 70 }]);
  });

  test('statements that cannot share a transaction run alone, in the order they were sent', async () => {
    const outcomes = await queuedTogether(() => [
      redeem('a', 10),
      client.execute('CREATE TABLE notes (text TEXT)'),
      client.execute("INSERT INTO notes (text) VALUES ('after the table')"),
      redeem('b', 10),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect(await rows('SELECT text FROM notes')).toEqual([{ text: 'after the table' }]);
  });

  test('no batch is answered before its group is committed: a reader sees every acknowledged write', async () => {
    const acknowledged: string[] = [];
    const ids = Array.from({ length: 20 }, (_, index) => `p${index}`);
    await queuedTogether(() =>
      ids.map(async (id) => {
        await redeem(id, 1);
        acknowledged.push(id);
        // Read on the main thread's own connection, right at the acknowledgement.
        const seen = await rows(`SELECT id FROM postings WHERE id = '${id}'`);
        expect(seen).toEqual([{ id }]);
      }),
    );
    expect(acknowledged.sort()).toEqual([...ids].sort());
  });
});
