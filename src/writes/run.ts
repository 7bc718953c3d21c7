import { type Database, runBatch } from '../db/database.js';
import { insertEventStatements } from '../db/events.js';
import { type DomainError, domainError, isDomainError } from '../domain/errors.js';
import { isConstraintFailure, WriteConflict } from './guards.js';
import { type IdempotencyScope, recordResponseStatement, storedOutcome } from './idempotency.js';
import type { WriteOutcome, WritePlan } from './plan.js';

/** What every write can be refused with, whatever it writes. */
export const WRITE_REFUSALS = ['write_conflict', 'idempotency_key_reused'] as const;

export interface WriteOptions {
  readonly retryLimit: number;
  readonly nowMs: number;
  /** With a scope the write is done once per key: its response is stored in its own batch. */
  readonly idempotency?: IdempotencyScope | undefined;
}

/**
 * The one way Tessera writes: plan from fresh reads, commit the plan as one batch (with the events
 * it records, so an event exists exactly when its change committed), and plan again
 * when a guard in the batch, or two reads that disagree while planning (`WriteConflict`), show
 * that a concurrent write changed the data meanwhile, up to `retryLimit` times; the fresh plan
 * then either commits or refuses with the real reason.
 *
 * With an Idempotency-Key, the stored response goes into the same batch as the write, so a key
 * can never post twice: a duplicate, earlier or concurrent, fails on the key's primary key and
 * answers the stored response. A new key is the common case, so the stored response is looked up
 * only when the write cannot go ahead (the plan refuses, or the batch fails on a constraint). A
 * refused request stores nothing, so its retry is judged afresh.
 */
export async function runWrite<T, E extends DomainError>(
  db: Database,
  options: WriteOptions,
  plan: () => Promise<WritePlan<T> | E>,
): Promise<WriteOutcome<T> | E | DomainError<(typeof WRITE_REFUSALS)[number]>> {
  const scope = options.idempotency;
  for (let attempt = 0; attempt < options.retryLimit; attempt += 1) {
    let planned: WritePlan<T> | E;
    try {
      planned = await plan();
    } catch (error) {
      if (error instanceof WriteConflict) continue;
      throw error;
    }
    if (isDomainError(planned)) return (scope && (await storedOutcome<T>(db, scope))) || planned;
    const statements = [
      ...(scope === undefined ? [] : [recordResponseStatement(db, scope, planned, options.nowMs)]),
      ...planned.statements,
      ...(planned.events ?? []).flatMap((event) => insertEventStatements(db, event)),
    ];
    try {
      await runBatch(db, statements);
      const recordedEvents = (planned.events?.length ?? 0) > 0;
      return { status: planned.status, body: planned.body, replayed: false, recordedEvents };
    } catch (error) {
      if (!isConstraintFailure(error)) throw error;
      const concurrent = scope && (await storedOutcome<T>(db, scope));
      if (concurrent) return concurrent;
    }
  }
  const retry = scope === undefined ? 'retry it' : 'retry it with the same Idempotency-Key';
  return domainError(
    'write_conflict',
    `The write conflicted with concurrent writes ${options.retryLimit} times; ${retry}.`,
  );
}
