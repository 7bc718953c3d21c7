import type { Config } from '../config.js';
import { applyMigrations, openLibsqlDatabase } from '../db/libsql.js';
import { isDomainError } from '../domain/errors.js';
import { sweepExpiredPoints } from '../ledger/expiry.js';
import { buildNodeDependencies, type NodeDependencies } from '../node-dependencies.js';
import { closePeriod } from '../settlement/close.js';
import { describeSettlement } from '../settlement/describe.js';
import { CommandError } from './arguments.js';

/** Runs `use` on a fully wired Node database (migrated, network key loaded), then closes it. */
export async function withDependencies<T>(
  config: Config,
  use: (deps: NodeDependencies) => Promise<T>,
): Promise<T> {
  const deps = await buildNodeDependencies(config);
  try {
    return await use(deps);
  } finally {
    deps.client.close();
  }
}

export async function migrate(config: Config): Promise<string> {
  const { client, db } = await openLibsqlDatabase({
    url: config.databaseUrl,
    authToken: config.databaseAuthToken,
  });
  try {
    await applyMigrations(db);
  } finally {
    client.close();
  }
  return `Migrations applied to ${redactUrl(config.databaseUrl)}`;
}

export function expire(config: Config): Promise<string> {
  return withDependencies(config, async (deps) => {
    const result = await sweepExpiredPoints(deps);
    return `Expired ${result.pointsExpired} points in ${result.lotsExpired} lots; ${result.holdsExpired} holds lapsed.`;
  });
}

export function settle(config: Config, fxSnapshotId: string | undefined): Promise<string> {
  return withDependencies(config, async (deps) => {
    const outcome = await closePeriod(deps, { fxSnapshotId });
    if (isDomainError(outcome)) throw new CommandError(`${outcome.code}: ${outcome.detail}`);
    return describeSettlement(outcome.status, outcome.settlement.document);
  });
}

/** A database URL as it may be printed: without the credentials some URLs carry. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
