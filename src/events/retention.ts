import { pruneEventStatements } from '../db/events-feed.js';
import type { AppDependencies } from '../dependencies.js';
import { isDomainError } from '../domain/errors.js';
import { runWrite } from '../writes/run.js';

const DAY_MS = 86_400_000;

/** Removes the events older than EVENT_RETENTION_DAYS from the feed; safe to run at any time. */
export async function pruneEvents(context: Pick<AppDependencies, 'db' | 'config' | 'clock'>): Promise<void> {
  const { db, config, clock } = context;
  const outcome = await runWrite(db, { retryLimit: config.writeRetryLimit, nowMs: clock() }, async () => ({
    status: 200 as const,
    body: null,
    statements: pruneEventStatements(db, clock() - config.eventRetentionDays * DAY_MS),
  }));
  if (isDomainError(outcome)) throw new Error(`pruning events: ${outcome.detail}`);
}
