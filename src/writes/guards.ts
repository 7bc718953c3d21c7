export { requireChangedRow } from '../db/guards.js';

/**
 * Thrown while planning when two reads disagree because a write committed between them; like a
 * guard that fails in the batch, it makes the write be planned again from fresh reads.
 */
export class WriteConflict extends Error {
  constructor(detail: string) {
    super(`write conflict: ${detail}`);
    this.name = 'WriteConflict';
  }
}

/**
 * True when a write failed because a constraint or a guard refused it (the batch was rolled
 * back), as opposed to an infrastructure failure. libSQL reports the SQLite code; D1 only text.
 */
export function isConstraintFailure(error: unknown): boolean {
  if (error instanceof WriteConflict) return true;
  for (
    let current: unknown = error;
    current !== undefined && current !== null;
    current = (current as { cause?: unknown }).cause
  ) {
    if (typeof current !== 'object') break;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) return true;
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string' && /SQLITE_CONSTRAINT|constraint failed|write conflict/i.test(message))
      return true;
  }
  return false;
}
