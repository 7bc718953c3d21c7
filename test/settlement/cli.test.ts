import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { runBatch } from '../../src/db/database.js';
import { insertFxSnapshotStatement } from '../../src/db/fx.js';
import { buildNodeDependencies } from '../../src/node-dependencies.js';
import { runCli } from '../support/cli.js';

const directory = mkdtempSync(join(tmpdir(), 'tessera-settle-cli-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function cli(args: string[], databaseUrl: string) {
  return runCli(args, { DATABASE_URL: databaseUrl });
}

test('`settle` closes the open period and prints the settlement id and totals; again, it creates nothing', {
  timeout: 60_000,
}, async () => {
  const databaseUrl = `file:${join(directory, 'tessera.db')}`;
  const refused = await cli(['settle'], databaseUrl);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('fx_snapshot_not_found');

  const loaded = loadConfig({ DATABASE_URL: databaseUrl });
  if (!loaded.ok) throw new Error(loaded.error);
  const deps = await buildNodeDependencies(loaded.config);
  const nowMs = Date.now();
  await runBatch(deps.db, [
    insertFxSnapshotStatement(deps.db, {
      id: deps.ids('fx'),
      referenceCurrency: 'EUR',
      asOfMs: nowMs,
      createdAtMs: nowMs,
      rates: { USD: '1.0850' },
    }),
  ]);
  deps.client.close();

  const first = await cli(['settle'], databaseUrl);
  expect(first.code).toBe(0);
  expect(first.stdout).toMatch(/^Closed settlement stl_[0-9A-Z]{26} \(#1\): no new transfers \(sequence 0\)/);
  expect(first.stdout).toContain('outstanding liability at close: 0 points');
  const second = await cli(['settle'], databaseUrl);
  expect(second.code).toBe(0);
  expect(second.stdout).toMatch(/^Nothing new to settle; newest settlement stl_/);
});
