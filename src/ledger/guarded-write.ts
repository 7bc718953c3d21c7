import { type Database, isConstraintFailure, runBatch } from '../db/database.js';
import { type DomainError, domainError, isDomainError } from '../domain/errors.js';
import type { WritePlan } from './idempotency.js';

/**
 * Runs a write that needs no idempotency key (member actions): plan from fresh reads, commit as
 * one batch, and plan again when a guard in the batch (or reads that disagree while planning)
 * show the data changed meanwhile.
 */
export async function runGuardedWrite<T>(
  db: Database,
  retryLimit: number,
  plan: () => Promise<WritePlan<T> | DomainError>,
): Promise<WritePlan<T> | DomainError> {
  for (let attempt = 0; attempt < retryLimit; attempt += 1) {
    try {
      const planned = await plan();
      if (isDomainError(planned)) return planned;
      await runBatch(db, planned.statements);
      return planned;
    } catch (error) {
      // A guard's failure, or a WriteConflict thrown while planning: plan again.
      if (!isConstraintFailure(error)) throw error;
    }
  }
  return domainError(
    'write_conflict',
    `The write conflicted with concurrent writes ${retryLimit} times; retry it.`,
  );
}
