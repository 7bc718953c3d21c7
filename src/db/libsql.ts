import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Client, createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import type { Database } from './database.js';
import { openEmbeddedClient } from './embedded/client.js';
import * as schema from './schema/index.js';

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../drizzle');

/**
 * The embedded client's writer thread, a script of its own. Found like the migrations, from this
 * file two folders below the root, which also holds in the CLI's bundle (`dist/cli/cli.js`): a
 * bundle cannot carry a worker thread's script, so the thread always runs from the sources.
 */
const WRITER_THREAD_SCRIPT = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../src/db/embedded/writer-thread.js',
);

const BUSY_TIMEOUT_MS = 5000;

export interface LibsqlOptions {
  url: string;
  authToken?: string | undefined;
  synchronous?: 'FULL' | 'NORMAL';
}

export interface LibsqlDatabase {
  readonly client: Client;
  readonly db: Database;
  /** Closes the database, and resolves once everything it was sent is committed and it has stopped. */
  readonly close: () => Promise<void>;
}

/**
 * Opens a libSQL database for Node. A local file is served by the embedded client
 * (`./embedded/client.ts`): reads on this thread, writes on a writer thread that commits
 * concurrent batches together, WAL mode and a busy timeout so that several processes can share
 * the file; `synchronous` trades the durability of the last commits on power loss (NORMAL)
 * against write latency (FULL, the default). An in-memory database or a remote one (Turso, sqld)
 * goes through `@libsql/client`.
 */
export async function openLibsqlDatabase(options: LibsqlOptions): Promise<LibsqlDatabase> {
  const path = localDatabasePath(options.url);
  if (path !== undefined) {
    mkdirSync(dirname(resolve(path)), { recursive: true });
    const client = await openEmbeddedClient({
      path,
      synchronous: options.synchronous ?? 'FULL',
      busyTimeoutMs: BUSY_TIMEOUT_MS,
      writerThreadScript: WRITER_THREAD_SCRIPT,
    });
    return { client, db: drizzle(client, { schema }), close: () => client.shutdown() };
  }
  // One connection: an in-memory database exists only on the connection that opened it.
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
  return {
    client,
    db: drizzle(client, { schema }),
    close: async () => client.close(),
  };
}

/** The file a `file:` URL names, or undefined for an in-memory, remote or parameterised URL. */
export function localDatabasePath(url: string): string | undefined {
  if (!url.startsWith('file:') || url.includes('?') || url.includes('#')) return undefined;
  let path = url.slice('file:'.length);
  if (path.startsWith('//')) {
    // file:///absolute/path or file://localhost/absolute/path
    const authority = path.slice(2, path.indexOf('/', 2) === -1 ? undefined : path.indexOf('/', 2));
    if (authority !== '' && authority.toLowerCase() !== 'localhost') return undefined;
    path = path.slice(2 + authority.length);
  }
  if (path === '' || path.startsWith(':memory:')) return undefined;
  return decodeURIComponent(path);
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
