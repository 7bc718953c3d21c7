import { sql } from 'drizzle-orm';
import type { BatchStatement, Database } from './database.js';
import { guessAttempts } from './schema/index.js';

/**
 * Counts one guess of a bucket in its window and answers the count including it. One atomic
 * upsert: however many guesses arrive at once, each gets its own count, so no more than the limit
 * ever pass, on libSQL and D1 alike.
 */
export async function countGuess(db: Database, bucket: string, windowStart: number): Promise<number> {
  const [row] = await db
    .insert(guessAttempts)
    .values({ bucket, windowStart, attempts: 1 })
    .onConflictDoUpdate({
      target: [guessAttempts.bucket, guessAttempts.windowStart],
      set: { attempts: sql`${guessAttempts.attempts} + 1` },
    })
    .returning({ attempts: guessAttempts.attempts });
  return row?.attempts ?? 1;
}

/** Takes back a guess that turned out right, in the batch of what it opened: only failures count. */
export function forgiveGuessStatement(db: Database, bucket: string, windowStart: number): BatchStatement {
  return db.run(sql`UPDATE guess_attempts SET attempts = attempts - 1
    WHERE bucket = ${bucket} AND window_start = ${windowStart} AND attempts > 0`);
}

/** Forgets windows that ended before `beforeMs`. */
export function pruneGuessesStatement(db: Database, beforeMs: number): BatchStatement {
  return db.run(sql`DELETE FROM guess_attempts WHERE window_start < ${beforeMs}`);
}
