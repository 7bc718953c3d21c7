import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient, type InStatement, type ResultSet } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type EmbeddedClient, openEmbeddedClient } from '../../../src/db/embedded/client.js';

/**
 * The embedded client answers as `@libsql/client`'s local driver does, so that drizzle and every
 * caller above it cannot tell them apart: the same statements run on two fresh files, one through
 * each client, give the same results and the same errors.
 */

const SCHEMA = [
  `CREATE TABLE things (
     id INTEGER PRIMARY KEY,
     amount INTEGER NOT NULL CHECK (amount >= 0),
     name TEXT UNIQUE,
     data BLOB,
     ratio REAL
   )`,
  "INSERT INTO things (amount, name, data, ratio) VALUES (10, 'ten', x'00ff10', 0.5), (0, 'zero', NULL, NULL)",
];

let directory: string;
let embedded: EmbeddedClient;
let reference: Client;

beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), 'tessera-embedded-'));
  embedded = await openEmbeddedClient({
    path: join(directory, 'embedded.db'),
    synchronous: 'FULL',
    busyTimeoutMs: 5000,
  });
  reference = createClient({ url: `file:${join(directory, 'reference.db')}` });
  for (const statement of SCHEMA) {
    await embedded.execute(statement);
    await reference.execute(statement);
  }
});

afterEach(async () => {
  await embedded.shutdown();
  reference.close();
  rmSync(directory, { recursive: true, force: true });
});

/** Everything a caller can observe of a result: its JSON, and each row by position, by name and as an object. */
function observed(result: ResultSet) {
  return {
    json: result.toJSON(),
    rowsAffected: result.rowsAffected,
    lastInsertRowid: result.lastInsertRowid,
    rows: result.rows.map((row) => ({
      length: row.length,
      positions: Array.prototype.slice.call(row),
      keys: Object.keys(row),
      spread: { ...row },
      json: JSON.stringify(row),
    })),
  };
}

/** Everything a caller can observe of an error, its cause included. */
async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    const { name, message, code, extendedCode, rawCode, statementIndex, cause } = error as Record<
      string,
      unknown
    >;
    const causeFields = cause as Record<string, unknown> | undefined;
    return {
      type: (error as object).constructor.name,
      name,
      message,
      code,
      extendedCode,
      rawCode,
      statementIndex,
      cause: causeFields && { name: causeFields.name, code: causeFields.code, rawCode: causeFields.rawCode },
    };
  }
  throw new Error('expected a failure');
}

const statements: [string, InStatement][] = [
  ['rows with a blob, a real and a null', 'SELECT * FROM things ORDER BY id'],
  ['two columns of the same name', 'SELECT id, name, amount AS name FROM things ORDER BY id'],
  ['positional arguments', { sql: 'SELECT name FROM things WHERE amount >= ? AND id < ?', args: [0, 99] }],
  [
    'named arguments with each prefix',
    { sql: 'SELECT :a AS a, $b AS b, @c AS c', args: { ':a': 1, $b: 'two', c: null } },
  ],
  ['booleans, dates and bigints as arguments', { sql: 'SELECT ?, ?, ?', args: [true, new Date(0), 12n] }],
  ['an insert', "INSERT INTO things (amount, name) VALUES (3, 'three')"],
  ['an update of several rows', 'UPDATE things SET amount = amount + 1'],
  ['an update that returns rows', 'UPDATE things SET amount = amount + 1 RETURNING id, amount'],
  ['a statement that returns no row', 'SELECT * FROM things WHERE id = -1'],
];

describe('the embedded client answers as @libsql/client does', () => {
  test.each(statements)('%s', async (_, statement) => {
    expect(observed(await embedded.execute(statement))).toEqual(observed(await reference.execute(statement)));
  });

  test('a batch: results of every statement, and the writes visible afterwards', async () => {
    const batch: InStatement[] = [
      "INSERT INTO things (amount, name) VALUES (5, 'five')",
      { sql: 'UPDATE things SET ratio = ? WHERE name = ?', args: [0.25, 'five'] },
      'SELECT name, ratio FROM things ORDER BY id',
    ];
    const [ours, theirs] = [await embedded.batch(batch, 'write'), await reference.batch(batch, 'write')];
    expect(ours.map(observed)).toEqual(theirs.map(observed));
    const read = 'SELECT * FROM things ORDER BY id';
    expect(observed(await embedded.execute(read))).toEqual(observed(await reference.execute(read)));
  });

  test.each<[string, () => [Promise<unknown>, Promise<unknown>]]>([
    ['a CHECK constraint', () => [embedded.execute(check), reference.execute(check)]],
    ['a UNIQUE constraint', () => [embedded.execute(unique), reference.execute(unique)]],
    ['a syntax error', () => [embedded.execute('SELEC 1'), reference.execute('SELEC 1')]],
    ['a missing table', () => [embedded.execute(missing), reference.execute(missing)]],
    ['an integer beyond 2^53 read back', () => [embedded.execute(huge), reference.execute(huge)]],
    [
      'an undefined argument',
      () => [embedded.execute(undefinedArgument), reference.execute(undefinedArgument)],
    ],
    ['a batch whose second statement fails', () => [embedded.batch(failing), reference.batch(failing)]],
    ['a batch of reads that fails', () => [embedded.batch(failingRead), reference.batch(failingRead)]],
  ])('the same error for %s', async (_, run) => {
    const [ours, theirs] = run().map(failure);
    expect(await ours).toEqual(await theirs);
  });

  test('a failed batch writes nothing', async () => {
    await expect(embedded.batch(failing)).rejects.toThrow();
    expect((await embedded.execute("SELECT COUNT(*) AS n FROM things WHERE name = 'new'")).rows[0]?.n).toBe(
      0,
    );
  });

  test('migrations, scripts and interactive transactions', async () => {
    const migration = ['CREATE TABLE extra (id INTEGER PRIMARY KEY)', 'INSERT INTO extra (id) VALUES (1)'];
    expect((await embedded.migrate(migration)).map(observed)).toEqual(
      (await reference.migrate(migration)).map(observed),
    );
    const script = 'INSERT INTO extra (id) VALUES (2); INSERT INTO extra (id) VALUES (3);';
    await embedded.executeMultiple(script);
    await reference.executeMultiple(script);
    for (const client of [embedded, reference]) {
      const committed = await client.transaction('write');
      await committed.execute('INSERT INTO extra (id) VALUES (4)');
      await committed.commit();
      const rolledBack = await client.transaction('write');
      await rolledBack.batch(['INSERT INTO extra (id) VALUES (5)', 'INSERT INTO extra (id) VALUES (6)']);
      await rolledBack.rollback();
    }
    const read = 'SELECT id FROM extra ORDER BY id';
    expect(observed(await embedded.execute(read))).toEqual(observed(await reference.execute(read)));
  });

  test('a migration runs with foreign keys off, so a table others reference can be rebuilt, and turns them on again', async () => {
    const schema = [
      'CREATE TABLE parents (id INTEGER PRIMARY KEY)',
      'CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents (id))',
      'INSERT INTO parents (id) VALUES (1)',
      'INSERT INTO children (id, parent_id) VALUES (1, 1)',
    ];
    // As drizzle-kit writes a rebuild: with foreign keys on, dropping the old table would fail.
    const rebuild = [
      'CREATE TABLE __new_parents (id INTEGER PRIMARY KEY, name TEXT)',
      'INSERT INTO __new_parents (id) SELECT id FROM parents',
      'DROP TABLE parents',
      'ALTER TABLE __new_parents RENAME TO parents',
    ];
    for (const client of [embedded, reference]) {
      await client.execute('PRAGMA foreign_keys = ON');
      await client.migrate(schema);
    }
    expect((await embedded.migrate(rebuild)).map(observed)).toEqual(
      (await reference.migrate(rebuild)).map(observed),
    );
    const orphan = 'INSERT INTO children (id, parent_id) VALUES (2, 99)';
    expect(await failure(embedded.execute(orphan))).toEqual(await failure(reference.execute(orphan)));
    for (const read of ['PRAGMA foreign_keys', 'PRAGMA foreign_key_check', 'SELECT * FROM parents']) {
      expect(observed(await embedded.execute(read))).toEqual(observed(await reference.execute(read)));
    }
  });

  test('a closed client refuses with CLIENT_CLOSED', async () => {
    await embedded.shutdown();
    reference.close();
    expect(await failure(embedded.execute('SELECT 1'))).toEqual(await failure(reference.execute('SELECT 1')));
  });
});

const check = "UPDATE things SET amount = -1 WHERE name = 'ten'";
const unique = "INSERT INTO things (amount, name) VALUES (1, 'ten')";
const missing = 'SELECT * FROM nothing_here';
const huge = 'SELECT 9007199254740993 AS big';
const undefinedArgument = { sql: 'SELECT ?', args: [undefined as unknown as null] };
const failing: InStatement[] = [
  "INSERT INTO things (amount, name) VALUES (1, 'new')",
  "UPDATE things SET amount = amount - 100 WHERE name = 'ten'",
];
const failingRead: InStatement[] = ['SELECT 1', 'SELECT * FROM nothing_here'];

describe('statements that write never run on the main thread', () => {
  test('a write sent on its own goes to the writer, a read of what it wrote sees it', async () => {
    await embedded.execute("INSERT INTO things (amount, name) VALUES (7, 'seven')");
    const { rows } = await embedded.execute("SELECT amount FROM things WHERE name = 'seven'");
    expect(rows[0]?.amount).toBe(7);
  });

  test('a WITH that turns out to write is refused by the reading connection, then written by the writer', async () => {
    const write =
      "WITH source (amount, name) AS (VALUES (8, 'eight')) INSERT INTO things (amount, name) SELECT * FROM source";
    expect((await embedded.execute(write)).rowsAffected).toBe(1);
    expect((await embedded.execute(write.replace('eight', 'nine'))).rowsAffected).toBe(1);
    expect((await embedded.execute('SELECT COUNT(*) AS n FROM things')).rows[0]?.n).toBe(4);
  });

  test('the writer changes the schema: prepared reads see the new columns', async () => {
    const read = 'SELECT * FROM things ORDER BY id LIMIT 1';
    expect((await embedded.execute(read)).columns).toEqual(['id', 'amount', 'name', 'data', 'ratio']);
    await embedded.execute('ALTER TABLE things ADD COLUMN note TEXT');
    expect((await embedded.execute(read)).columns).toEqual(['id', 'amount', 'name', 'data', 'ratio', 'note']);
  });

  test("changes() and total_changes() answer for the writer's connection, where the writes are", async () => {
    await embedded.execute('UPDATE things SET amount = amount + 1');
    expect((await embedded.execute('SELECT changes() AS n')).rows[0]?.n).toBe(2);
    const total = Number((await embedded.execute('SELECT total_changes() AS n')).rows[0]?.n);
    await embedded.execute("INSERT INTO things (amount, name) VALUES (1, 'one')");
    expect((await embedded.execute('SELECT total_changes() AS n')).rows[0]?.n).toBe(total + 1);
  });
});
