import type { NetworkKeySet } from './auth/network-keys.js';
import type { PartnerKeyCache } from './auth/tokens.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { IdGenerator } from './domain/ids.js';
import type { DocsSite } from './http/docs.js';

/** Everything a request needs, built once per app (Node) or per isolate (Workers) and passed in. */
export interface AppDependencies {
  readonly db: Database;
  readonly config: Config;
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
  readonly ids: IdGenerator;
  readonly networkKeys: NetworkKeySet;
  readonly partnerKeyCache: PartnerKeyCache;
  /** The files of `/docs`; without them `/docs` answers 404 saying how to build them. */
  readonly docsSite?: DocsSite;
  /**
   * Where `GET /openapi.json` comes from: `generated` from the routes (the default), or `docs-site`,
   * the file Node generated into the docs site (Workers: their script has no document generator).
   */
  readonly openApiDocument?: 'generated' | 'docs-site';
  /**
   * The address of the client a request comes from, as the runtime knows it (the socket on Node,
   * Cloudflare's `CF-Connecting-IP` on Workers); `CLIENT_ADDRESS_HEADER` overrides it behind a proxy.
   */
  readonly clientAddress?: (request: Request, env: unknown) => string | undefined;
  /**
   * Told when webhooks may be due (a request's write committed events, or scheduled deliveries), so
   * that they go out soon. It never holds the request: Node wakes its dispatcher; a Worker hands a
   * bounded dispatch to `waitUntil`.
   */
  readonly webhooksDue?: (waitUntil: ((work: Promise<unknown>) => void) | undefined) => void;
}

/** The part of the dependencies the ledger services use. */
export type LedgerContext = Pick<AppDependencies, 'db' | 'config' | 'clock' | 'ids'>;
