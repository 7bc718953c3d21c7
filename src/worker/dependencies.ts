import { drizzle as drizzleD1 } from 'drizzle-orm/d1';
import { buildNetworkKeySet, type NetworkKeySet, parseNetworkKeySecret } from '../auth/network-keys.js';
import { PartnerKeyCache } from '../auth/tokens.js';
import { loadConfig } from '../config.js';
import type { Database } from '../db/database.js';
import * as schema from '../db/schema/index.js';
import type { AppDependencies } from '../dependencies.js';
import { createIdGenerator } from '../domain/ids.js';
import type { DocsSite } from '../http/docs.js';
import { withRawStatementBatches } from './d1-batch.js';
import type { AssetsBinding, WorkerEnv } from './types.js';

/** Why the worker cannot serve: `detail` is safe to answer with, `reason` is for the log only. */
export interface WorkerMisconfiguration {
  readonly detail: string;
  readonly reason: string;
}

/**
 * Opens a remote libSQL database (Turso, sqld) from its URL, or says why it cannot. Only the libSQL
 * build of the Worker (src/worker-libsql.ts) carries a client for it: the D1 build leaves its 70 KiB
 * out of the script.
 */
export type OpenRemoteDatabase = (url: string, authToken: string | undefined) => Database | string;

export type WorkerDependencies =
  | { ok: true; deps: AppDependencies }
  | ({ ok: false } & WorkerMisconfiguration);

const KEY_SECRET = 'NETWORK_SIGNING_KEYS';

/**
 * Wires Tessera for one Workers isolate: config from the vars, the database from the D1 binding
 * or a remote libSQL URL, and the network keys from the secret. Never throws: whatever is
 * missing or wrong comes back as a misconfiguration, and no key is ever generated in its place.
 */
export async function buildWorkerDependencies(
  env: WorkerEnv,
  clock: () => number = Date.now,
  openRemote?: OpenRemoteDatabase,
): Promise<WorkerDependencies> {
  const loaded = loadConfig(stringValues(env));
  if (!loaded.ok) return misconfigured(`the configuration is invalid: ${loaded.error}`, loaded.error);

  const db = openDatabase(env, openRemote);
  if (typeof db === 'string') return misconfigured(db, db);

  const networkKeys = await loadNetworkKeys(env.NETWORK_SIGNING_KEYS);
  if (!('signing' in networkKeys)) return { ok: false, ...networkKeys };

  return {
    ok: true,
    deps: {
      db,
      config: loaded.config,
      clock,
      ids: createIdGenerator(clock),
      networkKeys,
      partnerKeyCache: new PartnerKeyCache(),
      // Set by Cloudflare's edge for every request; a client cannot choose it.
      clientAddress: (request) => request.headers.get('cf-connecting-ip') ?? undefined,
      ...(env.ASSETS === undefined ? {} : { docsSite: assetsDocsSite(env.ASSETS) }),
      // The script leaves out the document generator (src/worker/zod-to-openapi.ts).
      openApiDocument: 'docs-site',
    },
  };
}

/** The docs site from the static assets binding; its host name is never looked at. */
function assetsDocsSite(assets: AssetsBinding): DocsSite {
  return {
    async read(path) {
      const response = await assets.fetch(new Request(`https://assets.invalid/${path}`));
      return response.ok ? response : undefined;
    },
  };
}

function openDatabase(env: WorkerEnv, openRemote: OpenRemoteDatabase | undefined): Database | string {
  if (env.DB !== undefined) {
    // drizzle's D1 and libSQL databases differ only in their raw result types; Tessera uses just
    // the API both share (query builders, `run`, `batch`), so D1 is handed in as `Database`.
    return withRawStatementBatches(drizzleD1(env.DB, { schema }), env.DB) as unknown as Database;
  }
  if (env.LIBSQL_URL === undefined || env.LIBSQL_URL === '') {
    return 'no database is configured: bind a D1 database as DB in wrangler.toml, or set LIBSQL_URL (and LIBSQL_AUTH_TOKEN) and deploy the libSQL build (wrangler deploy --env libsql)';
  }
  if (openRemote === undefined) {
    return 'LIBSQL_URL is set, but this is the D1 build of the worker, which has no libSQL client: deploy the libSQL build (wrangler deploy --env libsql), or bind a D1 database as DB';
  }
  return openRemote(env.LIBSQL_URL, env.LIBSQL_AUTH_TOKEN || undefined);
}

async function loadNetworkKeys(secret: string | undefined): Promise<NetworkKeySet | WorkerMisconfiguration> {
  if (secret === undefined || secret.trim() === '') {
    return misconfiguredKeys(
      'missing',
      `set it with \`wrangler secret put ${KEY_SECRET}\` (a private ES256 JWK with a kid)`,
    );
  }
  try {
    return await buildNetworkKeySet(parseNetworkKeySecret(secret));
  } catch (error) {
    // A JSON syntax error quotes the text it choked on; never let a fragment of the key reach the log.
    const reason = error instanceof SyntaxError ? 'it is not valid JSON' : describe(error);
    return misconfiguredKeys('invalid', reason);
  }
}

function misconfiguredKeys(state: 'missing' | 'invalid', reason: string): WorkerMisconfiguration {
  return {
    detail: `the network signing key secret ${KEY_SECRET} is ${state}`,
    reason: `${KEY_SECRET} is ${state}: ${reason}`,
  };
}

function misconfigured(detail: string, reason: string): { ok: false } & WorkerMisconfiguration {
  return { ok: false, detail, reason };
}

/** Vars and secrets are strings; bindings (D1, …) are objects and are left out of the config. */
function stringValues(env: WorkerEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
