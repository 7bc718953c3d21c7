import { pruneGuessesStatement } from '../db/guesses.js';
import { pruneChallengesStatement } from '../db/passkeys.js';
import type { AppDependencies } from '../dependencies.js';
import { isDomainError } from '../domain/errors.js';
import { runWrite } from '../writes/run.js';

const HOUR_MS = 3_600_000;

/**
 * Forgets what the member features only need for a while: guess counts of past windows, used
 * passkey challenges past their end (a challenge token cannot be accepted after it). Run by the
 * Worker's cron trigger with the expiry sweep; safe to run at any time.
 */
export async function pruneMemberSecrets(
  context: Pick<AppDependencies, 'db' | 'config' | 'clock'>,
): Promise<void> {
  const { db, config, clock } = context;
  const nowMs = clock();
  const outcome = await runWrite(db, { retryLimit: config.writeRetryLimit, nowMs }, async () => ({
    status: 200 as const,
    body: null,
    statements: [pruneGuessesStatement(db, nowMs - HOUR_MS), pruneChallengesStatement(db, nowMs - HOUR_MS)],
  }));
  if (isDomainError(outcome)) throw new Error(`pruning member secrets: ${outcome.detail}`);
}
