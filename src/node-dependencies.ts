import type { Client } from '@libsql/client';
import { buildNetworkKeySet } from './auth/network-keys.js';
import { PartnerKeyCache } from './auth/tokens.js';
import type { Config } from './config.js';
import { applyMigrations, openLibsqlDatabase } from './db/libsql.js';
import { loadOrCreateNetworkKeys } from './db/network-keys.js';
import { createIdGenerator } from './domain/ids.js';
import type { AppDependencies } from './http/context.js';
import { folderDocsSite } from './node-docs-site.js';

export interface NodeDependencies extends AppDependencies {
  readonly client: Client;
  /** Closes the database; resolves once every write it was given is committed and it has stopped. */
  readonly close: () => Promise<void>;
}

/**
 * Wires Tessera for Node: opens the libSQL database, applies the migrations in `drizzle/`, and
 * loads the network signing key, creating it on first start.
 */
export async function buildNodeDependencies(
  config: Config,
  clock: () => number = Date.now,
): Promise<NodeDependencies> {
  const { client, db, close } = await openLibsqlDatabase({
    url: config.databaseUrl,
    authToken: config.databaseAuthToken,
    synchronous: config.databaseSynchronous,
  });
  let keyRecords: Awaited<ReturnType<typeof loadOrCreateNetworkKeys>>;
  try {
    await applyMigrations(db);
    keyRecords = await loadOrCreateNetworkKeys(db, clock());
  } catch (error) {
    await close();
    throw error;
  }
  const ids = createIdGenerator(clock);
  return {
    client,
    close,
    db,
    config,
    clock,
    ids,
    networkKeys: await buildNetworkKeySet(keyRecords),
    partnerKeyCache: new PartnerKeyCache(),
    docsSite: folderDocsSite(),
    // @hono/node-server hands the Node request in as the env of every request.
    clientAddress: (_request, env) =>
      (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket
        ?.remoteAddress,
  };
}
