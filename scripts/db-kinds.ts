/**
 * Writes a migration that brings the `ledger_kinds` table in line with the registry of kinds
 * (src/domain/ledger/kinds.ts), when they differ. Run after adding or changing a kind:
 *
 *   npm run db:kinds -- <name of the change>
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { ledgerKindRows, ledgerKindsMigrationSql } from '../src/db/ledger-kinds.js';
import { MIGRATIONS_FOLDER } from '../src/db/libsql.js';
import * as schema from '../src/db/schema/index.js';

const name = process.argv[2] ?? 'ledger_kinds';
if (!/^[a-z][a-z0-9_]*$/.test(name)) {
  console.error('The migration name is lowercase words joined by underscores, e.g. goodwill_kind.');
  process.exit(2);
}

const directory = mkdtempSync(join(tmpdir(), 'tessera-kinds-'));
try {
  const client = createClient({ url: `file:${join(directory, 'kinds.db')}` });
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  const stored = await db.select().from(schema.ledgerKinds);
  client.close();
  const key = (row: { scope: string; kind: string }) => `${row.scope}:${row.kind}`;
  const wanted = JSON.stringify(ledgerKindRows().sort((a, b) => key(a).localeCompare(key(b))));
  const have = JSON.stringify(stored.sort((a, b) => key(a).localeCompare(key(b))));
  if (wanted === have) {
    console.log('ledger_kinds already matches the registry; no migration written.');
    process.exit(0);
  }
  const before = new Set(readdirSync(MIGRATIONS_FOLDER));
  execFileSync('npx', ['drizzle-kit', 'generate', '--custom', '--name', name], { stdio: 'inherit' });
  const created = readdirSync(MIGRATIONS_FOLDER).filter((file) => file.endsWith('.sql') && !before.has(file));
  if (created.length !== 1 || created[0] === undefined)
    throw new Error('drizzle-kit did not create one migration');
  writeFileSync(join(MIGRATIONS_FOLDER, created[0]), ledgerKindsMigrationSql());
  console.log(`Wrote drizzle/${created[0]}.`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
