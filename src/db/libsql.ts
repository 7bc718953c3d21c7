import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Client, createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import type { Database } from './database.js';
import * as schema from './schema/index.js';

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../drizzle');

const BUSY_TIMEOUT_MS = 5000;

export interface LibsqlOptions {
  url: string;
  authToken?: string | undefined;
  synchronous?: 'FULL' | 'NORMAL';
}

/**
 * Opens a libSQL database for Node. A local file runs in WAL mode with a busy timeout so that
 * several processes can share it; `synchronous` trades the durability of the last commits on
 * power loss (NORMAL) against write latency (FULL, the default).
 */
export async function openLibsqlDatabase(options: LibsqlOptions): Promise<{ client: Client; db: Database }> {
  if (options.url.startsWith('file:')) {
    const path = options.url.slice('file:'.length);
    if (path !== '' && !path.startsWith(':memory:')) mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  // The embedded driver is synchronous, so one connection serves a process fully, and the
  // per-connection pragmas below stay in force for every statement.
  const client = createClient({
    url: options.url,
    concurrency: 1,
    timeout: BUSY_TIMEOUT_MS,
    ...(options.authToken ? { authToken: options.authToken } : {}),
  });
  if (options.url.startsWith('file:')) {
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    await client.execute(`PRAGMA synchronous = ${options.synchronous ?? 'FULL'}`);
  }
  await client.execute('PRAGMA foreign_keys = ON');
  return { client, db: drizzle(client, { schema }) };
}

const MIGRATION_ATTEMPTS = 5;

/**
 * Applies the migrations not applied yet. drizzle reads which are applied before its one atomic
 * batch, so two processes starting together on a new file can both decide to apply them; the
 * loser's batch fails whole ("table … already exists") and rolls back. Reading again then finds
 * them applied, so a failed attempt is retried a few times before the error stands.
 */
export async function applyMigrations(db: Database): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
      return;
    } catch (error) {
      if (attempt >= MIGRATION_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.floor(Math.random() * 50)));
    }
  }
}
