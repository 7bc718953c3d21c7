import { isConstraintFailure, runBatch } from '../db/database.js';
import { domainError, isDomainError, type DomainError } from '../domain/errors.js';
import type { WritePlan } from './idempotency.js';

/**
 * Runs a write that needs no idempotency key (member actions): plan from fresh reads, commit as
 * one batch, and plan again when a guard in the batch found the data changed meanwhile.
 */
export async function runGuardedWrite<T>(retryLimit: number, run: (statements: WritePlan<T>['statements']) => Promise<void>, plan: () => Promise<WritePlan<T> | DomainError>): Promise<WritePlan<T> | DomainError> {
  for (let attempt = 0; attempt < retryLimit; attempt += 1) {
    const planned = await plan();
    if (isDomainError(planned)) return planned;
    try {
      await run(planned.statements);
      return planned;
    } catch (error) {
      if (!isConstraintFailure(error)) throw error;
    }
  }
  return domainError('write_conflict', `The write conflicted with concurrent writes ${retryLimit} times; retry it.`);
}

export { runBatch };
