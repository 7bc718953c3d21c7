import type { ExecutionContext } from 'hono';

/*
 * The few Workers runtime types the entry needs. `@cloudflare/workers-types` is not installed, and
 * its globals would clash with the DOM and Node types the rest of the project compiles against.
 */

/** A statement of a D1 binding, as `prepare` returns it. */
export interface D1PreparedStatement {
  bind(...values: unknown[]): D1PreparedStatement;
}

/** The part of a D1 binding that `drizzle-orm/d1` and the batch of `./d1-batch.ts` drive. */
export interface D1Database {
  prepare(query: string): D1PreparedStatement;
  batch(statements: readonly D1PreparedStatement[]): Promise<unknown[]>;
  exec(query: string): Promise<unknown>;
}

/** Hono already declares the Workers execution context (`waitUntil`, `passThroughOnException`, `props`). */
export type { ExecutionContext } from 'hono';

export interface ScheduledController {
  /** Milliseconds since the epoch at which the cron trigger fired. */
  readonly scheduledTime: number;
  readonly cron: string;
  noRetry(): void;
}

export interface ExportedHandler<Env> {
  fetch(request: Request, env: Env, context: ExecutionContext): Promise<Response>;
  scheduled?(controller: ScheduledController, env: Env, context: ExecutionContext): Promise<void>;
}

/** The static assets binding: the docs site, fetched by path. */
export interface AssetsBinding {
  fetch(request: Request): Promise<Response>;
}

/** Bindings, vars and secrets of the Tessera worker (see wrangler.toml). */
export interface WorkerEnv {
  /** The D1 database; when bound it is used, otherwise `LIBSQL_URL`. */
  readonly DB?: D1Database;
  /** A remote libSQL/Turso URL (`libsql:`, `https:`, `wss:`), used when no D1 database is bound. */
  readonly LIBSQL_URL?: string;
  readonly LIBSQL_AUTH_TOKEN?: string;
  /** Secret: a private ES256 JWK with a kid, or a JSON array of them (the last active one signs). */
  readonly NETWORK_SIGNING_KEYS?: string;
  /** The docs site (`[assets]` of wrangler.toml, built by scripts/build-docs-site.mjs). */
  readonly ASSETS?: AssetsBinding;
  /** The vars of wrangler.toml, read by `loadConfig`. */
  readonly [name: string]: unknown;
}
