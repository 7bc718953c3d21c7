/**
 * When a failed delivery is tried again: exponential backoff (10 s, then four times longer each
 * time, at most 12 hours apart) with ±20 % jitter, so that endpoints failing together do not
 * retry together. 12 retries after the first attempt span about three days; then the delivery
 * has failed, and only a manual redelivery sends it again.
 */
export const MAX_RETRIES = 12;

const FIRST_DELAY_MS = 10_000;
const GROWTH = 4;
const LONGEST_DELAY_MS = 12 * 3_600_000;

/** The delay before retry `retry` (1 for the first retry); `random` is uniform in [0, 1). */
export function retryDelayMs(retry: number, random: number): number {
  const delay = Math.min(FIRST_DELAY_MS * GROWTH ** (retry - 1), LONGEST_DELAY_MS);
  return Math.round(delay * (0.8 + 0.4 * random));
}

/** The longest a receiver may ask to wait (`Retry-After`) before Tessera retries anyway. */
export const LONGEST_RETRY_AFTER_MS = LONGEST_DELAY_MS;
