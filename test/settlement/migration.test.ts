import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient } from '@libsql/client';
import { sql } from 'drizzle-orm';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openEmbeddedClient } from '../../src/db/embedded/client.js';
import { MIGRATIONS_FOLDER } from '../../src/db/libsql.js';

/**
 * A ledger written under the schema of migrations 0000-0005 (settlement priced by a trigger from
 * the partners' terms history) keeps every settlement figure through the migrations that record
 * the price on each transfer: the running totals do not move, and each transfer gets the price
 * the old trigger gave it. Through `@libsql/client` and through the embedded client Node serves a
 * file with: both run a migration with foreign keys off (tables are rebuilt) and turn them on again.
 */
const CLIENTS: [string, (path: string) => Promise<Client>][] = [
  ['@libsql/client', async (path) => createClient({ url: `file:${path}` })],
  ['the embedded client', (path) => openEmbeddedClient({ path, synchronous: 'FULL', busyTimeoutMs: 5000 })],
];

let directory: string;
let client: Client;
let db: LibSQLDatabase;
afterEach(async () => {
  client.close();
  // The embedded client's writer lets go of the file once it has finished.
  if ('shutdown' in client && typeof client.shutdown === 'function') await client.shutdown();
  rmSync(directory, { recursive: true, force: true });
});

/** A migrations folder holding only the first `count` migrations, as a database of that age saw it. */
function migrationsUpTo(count: number): string {
  const folder = join(directory, `migrations-${count}`);
  mkdirSync(join(folder, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  const entries = journal.entries.slice(0, count);
  for (const entry of entries)
    copyFileSync(join(MIGRATIONS_FOLDER, `${entry.tag}.sql`), join(folder, `${entry.tag}.sql`));
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  return folder;
}

const rows = (query: string) => db.all(sql.raw(query));

describe.each(CLIENTS)('through %s', (_name, open) => {
  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'tessera-migration-'));
    client = await open(join(directory, 'tessera.db'));
    db = drizzle(client);
  });

  test('a ledger of the old schema keeps its settlement totals, and each transfer gets the price it was settled at', async () => {
    await migrate(db, { migrationsFolder: migrationsUpTo(6) });
    const statements = [
      `INSERT INTO partners (id, name, sector, country, settlement_currency, earn_rate, issue_price, redeem_rate, created_at, updated_at)
     VALUES ('ptn_hotel', 'Hotel', 'hotel', 'US', 'USD', '1', '0.012', '0.009', 1, 1),
            ('ptn_shop', 'Shop', 'retail', 'DE', 'EUR', '1', '0.011', '0.0095', 1, 1)`,
      `INSERT INTO accounts (id, kind, owner_id, balance) VALUES
       ('issuance:ptn_hotel', 'issuance', 'ptn_hotel', 0), ('redemption:ptn_hotel', 'redemption', 'ptn_hotel', 0),
       ('issuance:ptn_shop', 'issuance', 'ptn_shop', 0), ('redemption:ptn_shop', 'redemption', 'ptn_shop', 0),
       ('wallet:mem_a', 'wallet', 'mem_a', 0), ('wallet:mem_b', 'wallet', 'mem_b', 0)`,
      `INSERT INTO members (id, external_reference, enrolled_by_partner_id, created_at)
     VALUES ('mem_a', NULL, 'ptn_hotel', 1), ('mem_b', NULL, 'ptn_shop', 1)`,
      `INSERT INTO transactions (id, partner_id, member_id, kind, status, points, details, idempotency_key, created_at) VALUES
       ('txn_1', 'ptn_hotel', 'mem_a', 'earn', 'posted', 1000, '{"pointsRepaid":0}', 'k1', 1),
       ('txn_2', 'ptn_shop', 'mem_a', 'redeem', 'posted', 400, '{"valueMinor":"400","valueCurrency":"EUR","source":{"type":"wallet"},"draws":[]}', 'k2', 2),
       ('txn_3', 'ptn_hotel', 'mem_a', 'reversal', 'posted', 700, '{"reverses":"earn","pointsOwed":100}', 'k3', 3)`,
      `INSERT INTO idempotency_records (partner_id, key, request_hash, status_code, response_body, created_at)
     VALUES ('ptn_hotel', 'k1', 'h', 201, '{"id":"txn_1"}', 1)`,
      `INSERT INTO lots (id, member_id, issuer_partner_id, transaction_id, points_original, points_remaining, expires_at, created_at)
     VALUES ('lot_1', 'mem_a', 'ptn_hotel', 'txn_1', 1000, 1000, 99, 1)`,
      `INSERT INTO transfers (id, transaction_id, kind, debit_account_id, credit_account_id, points, partner_id, created_at)
     VALUES ('trf_1', 'txn_1', 'earn', 'issuance:ptn_hotel', 'wallet:mem_a', 1000, 'ptn_hotel', 1)`,
      `INSERT INTO transfers (id, transaction_id, kind, debit_account_id, credit_account_id, points, partner_id, created_at)
     VALUES ('trf_2', 'txn_2', 'redeem', 'wallet:mem_a', 'redemption:ptn_shop', 400, 'ptn_shop', 2)`,
      `UPDATE lots SET points_remaining = 600 WHERE id = 'lot_1'`,
      `INSERT INTO lot_draws (transfer_id, lot_id, issuer_partner_id, points) VALUES ('trf_2', 'lot_1', 'ptn_hotel', 400)`,
      // The hotel's issue price changes: what follows is priced at 0.013, a reversal of the first earn still at 0.012.
      `UPDATE partners SET issue_price = '0.013' WHERE id = 'ptn_hotel'`,
      `INSERT INTO transfers (id, transaction_id, kind, debit_account_id, credit_account_id, points, partner_id, reverses_transfer_id, created_at)
     VALUES ('trf_3', 'txn_3', 'earn_reversal', 'wallet:mem_a', 'issuance:ptn_hotel', 600, 'ptn_hotel', 'trf_1', 3)`,
      `INSERT INTO transfers (id, transaction_id, kind, debit_account_id, credit_account_id, points, partner_id, created_at)
     VALUES ('trf_4', 'txn_4', 'earn', 'issuance:ptn_hotel', 'wallet:mem_b', 200, 'ptn_hotel', 4)`,
      `INSERT INTO transfers (id, transaction_id, kind, debit_account_id, credit_account_id, points, partner_id, reverses_transfer_id, created_at)
     VALUES ('trf_5', 'txn_4', 'debt_repayment', 'wallet:mem_b', 'issuance:ptn_hotel', 50, 'ptn_hotel', 'trf_1', 4)`,
      `INSERT INTO transfers (id, transaction_id, kind, debit_account_id, credit_account_id, points, partner_id, reverses_transfer_id, created_at)
     VALUES ('trf_6', 'txn_5', 'redeem_reversal', 'redemption:ptn_shop', 'wallet:mem_a', 40, 'ptn_shop', 'trf_2', 5)`,
      `INSERT INTO transfers (id, transaction_id, kind, debit_account_id, credit_account_id, points, partner_id, created_at)
     VALUES ('trf_7', 'exp_1', 'expiry', 'wallet:mem_b', 'network:breakage', 10, NULL, 6)`,
    ];
    for (const statement of statements) await db.run(sql.raw(statement));
    const totalsBefore = await rows('SELECT * FROM settlement_totals ORDER BY 1, 2, 3');
    const flowsBefore = await rows('SELECT * FROM settlement_flows ORDER BY 1, 2, 3');
    expect(totalsBefore).toHaveLength(7);

    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });

    expect(await rows('SELECT * FROM settlement_totals ORDER BY 1, 2, 3')).toEqual(totalsBefore);
    expect(await rows('SELECT * FROM settlement_flows ORDER BY 1, 2, 3')).toEqual(flowsBefore);
    expect(await rows('SELECT id, unit_price FROM transfers ORDER BY sequence')).toEqual([
      { id: 'trf_1', unit_price: '0.012' },
      { id: 'trf_2', unit_price: '0.0095' },
      { id: 'trf_3', unit_price: '0.012' },
      { id: 'trf_4', unit_price: '0.013' },
      { id: 'trf_5', unit_price: '0.012' },
      { id: 'trf_6', unit_price: '0.0095' },
      { id: 'trf_7', unit_price: null },
    ]);
    // Every transaction's details name their kind; Idempotency-Keys are the partner's.
    expect(
      await rows("SELECT id, json_extract(details, '$.kind') AS kind FROM transactions ORDER BY id"),
    ).toEqual([
      { id: 'txn_1', kind: 'earn' },
      { id: 'txn_2', kind: 'redeem' },
      { id: 'txn_3', kind: 'reversal' },
    ]);
    expect(await rows('SELECT principal_kind, principal_id, key FROM idempotency_records')).toEqual([
      { principal_kind: 'partner', principal_id: 'ptn_hotel', key: 'k1' },
    ]);
    // The transfers stay immutable, and the triggers carry on from the migrated totals.
    await expect(db.run(sql.raw(`UPDATE transfers SET points = 1 WHERE id = 'trf_1'`))).rejects.toThrow();
    await db.run(
      sql.raw(`INSERT INTO transfers (id, transaction_id, kind, debit_account_id, credit_account_id, points, partner_id, unit_price, created_at)
     VALUES ('trf_8', 'txn_6', 'earn', 'issuance:ptn_hotel', 'wallet:mem_b', 30, 'ptn_hotel', '0.013', 7)`),
    );
    expect(
      await rows(
        "SELECT points, transfers FROM settlement_totals WHERE partner_id = 'ptn_hotel' AND kind = 'earn' AND unit_price = '0.013'",
      ),
    ).toEqual([{ points: 230, transfers: 2 }]);
    // The rebuilt tables keep their references, and the connection that writes checks them again.
    expect(await rows('PRAGMA foreign_key_check')).toEqual([]);
    expect(await rows('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
  });
});
