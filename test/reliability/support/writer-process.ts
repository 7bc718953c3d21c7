import { openEmbeddedClient } from '../../../src/db/embedded/client.js';

/**
 * A process that writes to a database file through the embedded client, for the tests that kill
 * it or run several of it at once. It prints one line per outcome (`ack <id>`, `refused <id>
 * <code>`, `error <id> <message>`), and `sent`/`done` when a mode says so.
 *
 * Usage: node --import tsx writer-process.ts <mode> <database file> <name> [rounds]
 *   load         groups of 8 batches, forever; each batch writes two halves and some filler
 *   stuck-group  one group of a large batch and a batch that never ends; prints `sent`
 *   stock        `rounds` (60) rounds of 5 batches, each taking one item of a shared stock
 */
const [mode, path, name, rounds = '60'] = process.argv.slice(2);
if (path === undefined || name === undefined)
  throw new Error('usage: writer-process.ts <mode> <file> <name>');
const client = await openEmbeddedClient({ path, synchronous: 'FULL', busyTimeoutMs: 5000 });
const say = (line: string) => process.stdout.write(`${line}\n`);

/** Both halves of a batch, and filler rows between them so that commits carry some pages. */
const halves = (batch: string, fillerRows: number) => [
  { sql: 'INSERT INTO halves (batch, half) VALUES (?, 1)', args: [batch] },
  {
    sql: `WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < ?)
          INSERT INTO filler (batch, text) SELECT ?, hex(randomblob(50)) FROM n`,
    args: [fillerRows, batch],
  },
  { sql: 'INSERT INTO halves (batch, half) VALUES (?, 2)', args: [batch] },
];

async function outcome(batch: string, write: Promise<unknown>): Promise<void> {
  try {
    await write;
    say(`ack ${batch}`);
  } catch (error) {
    const { extendedCode, message } = error as { extendedCode?: string; message?: string };
    say(
      extendedCode?.startsWith('SQLITE_CONSTRAINT')
        ? `refused ${batch} ${extendedCode}`
        : `error ${batch} ${message}`,
    );
  }
}

if (mode === 'load') {
  for (let round = 0; ; round += 1) {
    await Promise.all(
      Array.from({ length: 8 }, (_, slot) => {
        const batch = `${name}-${round}-${slot}`;
        return outcome(batch, client.batch(halves(batch, 200)));
      }),
    );
  }
}

if (mode === 'stuck-group') {
  // The writer is held while both batches are sent, so that one group takes them both: the
  // first is applied inside the group's transaction (large enough to spill pages into the WAL),
  // the second never ends, and the group never commits.
  const hold = await client.transaction('write');
  void outcome('large', client.batch(halves(`${name}-large`, 50_000)));
  void outcome(
    'endless',
    client.batch([
      { sql: 'INSERT INTO halves (batch, half) VALUES (?, 1)', args: [`${name}-endless`] },
      'WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n) INSERT INTO filler (batch, text) SELECT COUNT(*), NULL FROM n',
    ]),
  );
  await hold.rollback();
  say('sent');
}

if (mode === 'stock') {
  for (let round = 0; round < Number(rounds); round += 1) {
    await Promise.all(
      Array.from({ length: 5 }, (_, slot) => {
        const item = `${name}-${round}-${slot}`;
        return outcome(
          item,
          client.batch([
            { sql: 'INSERT INTO taken (item) VALUES (?)', args: [item] },
            'UPDATE stock SET remaining = remaining - 1',
          ]),
        );
      }),
    );
  }
  await client.shutdown();
  say('done');
}
