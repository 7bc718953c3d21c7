import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inject } from 'vitest';
import { applyMigrations, openLibsqlDatabase } from '../../src/db/libsql.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A database file with every migration applied and nothing else, built once per run. */
    templateDatabasePath: string | undefined;
  }
}

/** The files SQLite may keep a closed WAL database in; the shared-memory index is rebuilt on open. */
const DATABASE_FILES = ['', '-wal'] as const;

/**
 * Applies every migration to a new file in a temporary folder, once for a whole run, so that each
 * test's database starts as a copy of it instead of replaying two dozen migrations. Returns the
 * file and a function that removes it.
 */
export async function buildTemplateDatabase(): Promise<{ path: string; remove: () => void }> {
  const directory = mkdtempSync(join(tmpdir(), 'tessera-template-'));
  const path = join(directory, 'template.db');
  const { db, close } = await openLibsqlDatabase({ url: `file:${path}` });
  try {
    await applyMigrations(db);
  } finally {
    await close();
  }
  return { path, remove: () => rmSync(directory, { recursive: true, force: true }) };
}

/**
 * Starts the database at `path` as a copy of the run's migrated template, when the file does not
 * exist yet and the run built one. The app still applies the migrations on open: it finds them all
 * applied (or applies the few the template lacks), so a copy can never stand for a stale schema.
 */
export function seedFromTemplate(path: string): void {
  const template = inject('templateDatabasePath');
  if (template === undefined || existsSync(path)) return;
  mkdirSync(dirname(path), { recursive: true });
  for (const suffix of DATABASE_FILES)
    if (existsSync(`${template}${suffix}`)) copyFileSync(`${template}${suffix}`, `${path}${suffix}`);
}
