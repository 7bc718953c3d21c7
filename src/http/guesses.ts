import type { Context } from 'hono';
import type { BatchStatement } from '../db/database.js';
import { countGuess, forgiveGuessStatement } from '../db/guesses.js';
import { sha256Hex } from '../domain/sha256.js';
import { clientAddressGroup } from './client-address.js';
import type { AppEnv } from './context.js';
import { fail } from './problems.js';

const HOUR_MS = 3_600_000;

/**
 * Guessing a secret that a request presents without any other credential (a claim code) is limited
 * per client address: each attempt is counted in the database before the secret is looked at, by
 * one atomic increment, so the limit holds across every Node process and every Worker isolate and
 * however many guesses arrive at once. A right guess is forgiven in the batch it commits; after
 * CLAIM_GUESSES_PER_HOUR wrong ones the address waits for the next hour (429, Retry-After).
 * Answers the statement that forgives this attempt, for the batch of a success (in an object: a
 * drizzle statement is a thenable, which an async function would run instead of returning).
 */
export async function countGuessOrRefuse(
  c: Context<AppEnv>,
  secret: string,
  who: string | undefined = clientAddressGroup(c),
): Promise<{ forgive: BatchStatement }> {
  const { db, clock, config } = c.get('deps');
  const nowMs = clock();
  const windowStart = nowMs - (nowMs % HOUR_MS);
  // Addresses are personal data: only a digest of one is kept, and only for the hour.
  const bucket = await sha256Hex(`${secret}:${who ?? 'unknown'}`);
  const attempts = await countGuess(db, bucket, windowStart);
  const limit = config.members.claimGuessesPerHour;
  if (attempts > limit) {
    const retryAfterSeconds = Math.ceil((windowStart + HOUR_MS - nowMs) / 1000);
    fail({
      code: 'rate_limited',
      detail: `More than ${limit} wrong ${secret} codes were tried from here within the hour; retry after ${retryAfterSeconds} s.`,
      extensions: { retryAfterSeconds },
    });
  }
  return { forgive: forgiveGuessStatement(db, bucket, windowStart) };
}
