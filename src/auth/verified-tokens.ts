import { sha256Hex } from '../domain/sha256.js';

/**
 * What a partner token proved when its signature and claims last verified. It is worth reusing
 * only with the same key material: the caller still reads the key and partner rows on every
 * request, so a removed key or a suspended partner is refused at once, and a key registered again
 * under the same kid with other material never matches an entry made with the old one.
 */
export interface VerifiedPartnerToken {
  readonly partnerId: string;
  readonly kid: string;
  readonly algorithm: string;
  readonly publicJwk: string;
  /** The token passes the time checks from this instant (ms, inclusive)… */
  readonly validFromMs: number;
  /** …until this one (ms, exclusive): the earlier of `exp` and `iat` + the maximum age, with the clock tolerance. */
  readonly validUntilMs: number;
}

/** SHA-256 of a token, as hex. */
export type TokenDigest = (token: string) => Promise<string> | string;

/**
 * Partner tokens whose signature verified, by the SHA-256 of the token, until they expire. A
 * partner signs a token once and sends it for up to 5 minutes, so most requests skip the
 * signature check (the most expensive step of a request after the database). Holds digests, not
 * tokens, and at most `capacity` entries: the oldest go first.
 */
export class VerifiedTokenCache {
  readonly #entries = new Map<string, VerifiedPartnerToken>();
  constructor(
    private readonly capacity = 10_000,
    readonly digest: TokenDigest = sha256Hex,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  /** The entry for this digest if it is still within its validity at `nowMs`. */
  find(digest: string, nowMs: number): VerifiedPartnerToken | undefined {
    const entry = this.#entries.get(digest);
    if (entry === undefined) return undefined;
    if (nowMs >= entry.validUntilMs) {
      this.#entries.delete(digest);
      return undefined;
    }
    return nowMs >= entry.validFromMs ? entry : undefined;
  }

  remember(digest: string, entry: VerifiedPartnerToken): void {
    if (this.#entries.size >= this.capacity) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(digest, entry);
  }
}
