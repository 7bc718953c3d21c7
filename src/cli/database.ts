import { sweepLapsedReservations } from '../catalogue/resolve.js';
import type { Config } from '../config.js';
import { applyMigrations, openLibsqlDatabase } from '../db/libsql.js';
import { isDomainError } from '../domain/errors.js';
import { sweepExpiredPoints } from '../ledger/expiry.js';
import { closePeriod } from '../settlement/close.js';
import { describeSettlement } from '../settlement/describe.js';
import { CommandError } from './arguments.js';
import { redactUrl, withDependencies } from './dependencies.js';

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
    const reservations = await sweepLapsedReservations(deps);
    const lapsed = reservations === 0 ? '' : ` ${reservations} reservations lapsed.`;
    return `Expired ${result.pointsExpired} points in ${result.lotsExpired} lots; ${result.holdsExpired} holds lapsed.${lapsed}`;
  });
}

export function settle(config: Config, fxSnapshotId: string | undefined): Promise<string> {
  return withDependencies(config, async (deps) => {
    const outcome = await closePeriod(deps, { fxSnapshotId });
    if (isDomainError(outcome)) throw new CommandError(`${outcome.code}: ${outcome.detail}`);
    return describeSettlement(outcome.status, outcome.settlement.document);
  });
}
