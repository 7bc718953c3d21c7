/**
 * A token bucket per key (a partner id): `perMinute` tokens, refilled continuously, so a partner
 * may burst up to one minute's allowance and then sustain the rate, never more.
 *
 * The buckets live in this app instance. On Node that is the process (several processes on one
 * database each allow the full rate); on Workers it is one isolate, and Cloudflare runs many, so
 * there this is only a first line of defence: the production answer is Cloudflare's rate limiting
 * binding (or a WAF rate limiting rule) keyed by the partner id.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; updatedAtMs: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: () => number,
    /** Keys are authenticated partner ids, so this only caps memory if partners run into the thousands. */
    private readonly maxKeys = 10_000,
  ) {}

  get size(): number {
    return this.#buckets.size;
  }

  /** Takes one token for the key: undefined when allowed, else the whole seconds until one is free. */
  take(key: string): number | undefined {
    if (this.perMinute === 0) return undefined;
    const nowMs = this.clock();
    const refillPerMs = this.perMinute / 60_000;
    const bucket = this.#buckets.get(key);
    // A clock that steps back refills nothing until it passes the last time seen again.
    const elapsedMs = bucket === undefined ? 0 : Math.max(0, nowMs - bucket.updatedAtMs);
    const tokens =
      bucket === undefined
        ? this.perMinute
        : Math.min(this.perMinute, bucket.tokens + elapsedMs * refillPerMs);
    const allowed = tokens >= 1;
    this.#store(key, {
      tokens: allowed ? tokens - 1 : tokens,
      updatedAtMs: Math.max(nowMs, bucket?.updatedAtMs ?? nowMs),
    });
    return allowed ? undefined : Math.max(1, Math.ceil((1 - tokens) / refillPerMs / 1000));
  }

  #store(key: string, bucket: { tokens: number; updatedAtMs: number }): void {
    // Re-inserting keeps the map in least-recently-used order, so the oldest bucket goes first.
    this.#buckets.delete(key);
    if (this.#buckets.size >= this.maxKeys) {
      const oldest = this.#buckets.keys().next();
      if (oldest.done !== true) this.#buckets.delete(oldest.value);
    }
    this.#buckets.set(key, bucket);
  }
}
