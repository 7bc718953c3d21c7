import { importJWK, type JWK, SignJWT } from 'jose';

export interface PartnerTokenOptions {
  /** Your partner id, the token's `iss`. */
  readonly partnerId: string;
  /** Your private key as a JWK (ES256 or EdDSA) with its registered `kid` and `alg`. */
  readonly privateJwk: JWK;
  /** The network's audience; `tessera-api` unless the operator says otherwise. */
  readonly audience?: string;
  /** How long each token lives, at most (and by default) 300 seconds. */
  readonly lifetimeSeconds?: number;
  /** A token is signed again when it has less than this left (default 60 seconds). */
  readonly renewBeforeSeconds?: number;
  /** Milliseconds since the epoch; tests pass a clock they move. */
  readonly clock?: () => number;
}

/** The most a partner token may live: Tessera refuses one whose `exp` is later after `iat`. */
export const PARTNER_TOKEN_MAX_LIFETIME_SECONDS = 300;

/**
 * Signs partner tokens (`typ: tessera-partner+jwt`) and hands out the current one until shortly
 * before it expires, then signs a new one: callers just ask for `token()` before each request.
 */
export class PartnerTokenSigner {
  private current: { token: string; expiresAtSeconds: number } | undefined;
  private key: Promise<CryptoKey | Uint8Array> | undefined;
  private readonly lifetimeSeconds: number;
  private readonly renewBeforeSeconds: number;
  private readonly clock: () => number;

  constructor(private readonly options: PartnerTokenOptions) {
    const { kid, alg } = options.privateJwk;
    if (typeof kid !== 'string' || (alg !== 'ES256' && alg !== 'EdDSA'))
      throw new TypeError('privateJwk needs its registered kid and an alg of ES256 or EdDSA');
    this.lifetimeSeconds = Math.min(
      options.lifetimeSeconds ?? PARTNER_TOKEN_MAX_LIFETIME_SECONDS,
      PARTNER_TOKEN_MAX_LIFETIME_SECONDS,
    );
    this.renewBeforeSeconds = Math.min(options.renewBeforeSeconds ?? 60, this.lifetimeSeconds - 1);
    this.clock = options.clock ?? Date.now;
  }

  async token(): Promise<string> {
    const nowSeconds = Math.floor(this.clock() / 1000);
    if (this.current !== undefined && this.current.expiresAtSeconds - nowSeconds > this.renewBeforeSeconds)
      return this.current.token;
    const { privateJwk, partnerId } = this.options;
    this.key ??= importJWK(privateJwk, privateJwk.alg);
    const expiresAtSeconds = nowSeconds + this.lifetimeSeconds;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: privateJwk.alg ?? '', kid: privateJwk.kid, typ: 'tessera-partner+jwt' })
      .setIssuer(partnerId)
      .setAudience(this.options.audience ?? 'tessera-api')
      .setIssuedAt(nowSeconds)
      .setExpirationTime(expiresAtSeconds)
      .sign(await this.key);
    this.current = { token, expiresAtSeconds };
    return token;
  }
}
