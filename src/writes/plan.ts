import type { BatchStatement } from '../db/database.js';
import type { EventDraft } from '../events/draft.js';

/**
 * What a write will do if it commits: the answer it gives and the statements of its one batch.
 * Planning only reads; every assumption a plan makes from its reads is guarded again inside the
 * batch (CHECKs, triggers, `requireChangedRow`), and a plan with no statements commits nothing.
 */
export interface WritePlan<T> {
  readonly status: 200 | 201;
  readonly body: T;
  readonly statements: BatchStatement[];
  /** What the write tells partners, member apps and the operator: recorded in the same batch. */
  readonly events?: readonly EventDraft[] | undefined;
}

/** A committed write, or the stored answer of an earlier one with the same Idempotency-Key. */
export interface WriteOutcome<T> {
  readonly status: 200 | 201;
  readonly body: T;
  /** True when this is the stored response of an earlier request with the same key. */
  readonly replayed: boolean;
  /** True when this write committed events (a replay never does). */
  readonly recordedEvents?: boolean;
}
