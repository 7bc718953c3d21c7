import {
  decodeJwt,
  decodeProtectedHeader,
  errors,
  importJWK,
  type JWK,
  jwtVerify,
  type ProtectedHeaderParameters,
  SignJWT,
} from 'jose';
import { type DomainError, domainError } from '../domain/errors.js';
import { NETWORK_KEY_ALGORITHM, type NetworkKeySet } from './network-keys.js';
import {
  MAX_TOKEN_LENGTH,
  PARTNER_ALGORITHMS,
  PARTNER_TOKEN_MAX_LIFETIME_SECONDS,
  type Principal,
  type PrincipalKind,
  STAFF_TOKEN_TYPE,
  TOKEN_TYPES,
} from './principal.js';
import { verifyStaffToken } from './staff-tokens.js';
import { type VerifiedPartnerToken, VerifiedTokenCache } from './verified-tokens.js';

export interface TokenSettings {
  readonly issuer: string;
  readonly audience: string;
  readonly clockToleranceSeconds: number;
}

/** What the database knows about a partner key, looked up by (partner id, kid). */
export interface PartnerKeyRecord {
  readonly algorithm: string;
  readonly publicJwk: string;
  readonly partnerActive: boolean;
}

export type PartnerKeyLookup = (partnerId: string, kid: string) => Promise<PartnerKeyRecord | undefined>;

/**
 * Imported partner keys, so a hot key is not re-imported on every request, and the partner
 * tokens whose signatures verified (see `VerifiedTokenCache`).
 */
export class PartnerKeyCache {
  readonly #keys = new Map<string, CryptoKey>();
  constructor(
    private readonly capacity = 1024,
    readonly verifiedTokens = new VerifiedTokenCache(),
  ) {}

  /** How many imported keys are held; never more than the capacity. */
  get size(): number {
    return this.#keys.size;
  }

  async get(algorithm: string, publicJwk: string): Promise<CryptoKey> {
    const cacheKey = `${algorithm}:${publicJwk}`;
    const cached = this.#keys.get(cacheKey);
    if (cached !== undefined) return cached;
    const key = (await importJWK(JSON.parse(publicJwk) as JWK, algorithm)) as CryptoKey;
    if (this.#keys.size >= this.capacity) this.#keys.clear();
    this.#keys.set(cacheKey, key);
    return key;
  }
}

export interface VerifyContext {
  readonly settings: TokenSettings;
  readonly networkKeys: NetworkKeySet;
  readonly findPartnerKey: PartnerKeyLookup;
  readonly partnerKeyCache: PartnerKeyCache;
  /** Milliseconds since the epoch; tokens are judged against this clock. */
  readonly nowMs: number;
}

export const refused = (detail: string) => domainError('invalid_token', detail);

/** Header members that would make a verifier fetch or trust key material from the token itself. */
const FORBIDDEN_HEADER_MEMBERS = ['jku', 'x5u', 'jwk', 'x5c', 'crit'] as const;

/**
 * Verifies a bearer token for a route that accepts the given kinds of principal. Every failure
 * is an `invalid_token` refusal whose detail says why; nothing here ever throws for bad input.
 */
export async function verifyBearerToken(
  token: string,
  accepted: readonly PrincipalKind[],
  context: VerifyContext,
): Promise<Principal | DomainError> {
  if (token.length > MAX_TOKEN_LENGTH)
    return refused(`the token is longer than ${MAX_TOKEN_LENGTH} characters`);
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return refused('the token is not a compact JWS');
  }
  for (const member of FORBIDDEN_HEADER_MEMBERS) {
    if (member in header) return refused(`the token header must not carry "${member}"`);
  }
  if (header.typ === STAFF_TOKEN_TYPE) return verifyStaffToken(token, header, accepted, context);
  const kind = (Object.keys(TOKEN_TYPES) as PrincipalKind[]).find(
    (candidate) => TOKEN_TYPES[candidate] === header.typ,
  );
  if (kind === undefined)
    return refused(`the token "typ" must be one of ${accepted.map((name) => TOKEN_TYPES[name]).join(', ')}`);
  if (!accepted.includes(kind))
    return refused(`${kind === 'operator' ? 'an' : 'a'} ${kind} token cannot be used on this route`);
  if (typeof header.kid !== 'string' || header.kid === '')
    return refused('the token header must carry a "kid"');
  return kind === 'partner'
    ? verifyPartnerToken(token, header, context)
    : verifyNetworkToken(token, kind, header, context);
}

async function verifyNetworkToken(
  token: string,
  kind: 'operator' | 'member',
  header: ProtectedHeaderParameters,
  context: VerifyContext,
): Promise<Principal | DomainError> {
  if (header.alg !== NETWORK_KEY_ALGORITHM)
    return refused(`network tokens are signed with ${NETWORK_KEY_ALGORITHM}`);
  const key = context.networkKeys.verification.get(header.kid ?? '');
  if (key === undefined) return refused('the token "kid" is not a network key');
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [NETWORK_KEY_ALGORITHM],
      issuer: context.settings.issuer,
      audience: context.settings.audience,
      typ: TOKEN_TYPES[kind],
      clockTolerance: context.settings.clockToleranceSeconds,
      currentDate: new Date(context.nowMs),
      requiredClaims: ['exp', 'iat', 'sub'],
    });
    const subject = payload.sub ?? '';
    if (kind === 'operator') return { kind, subject };
    return typeof payload.sid === 'string' && payload.sid !== ''
      ? { kind, memberId: subject, sessionId: payload.sid }
      : { kind, memberId: subject };
  } catch (error) {
    return refused(describeJoseError(error));
  }
}

async function verifyPartnerToken(
  token: string,
  header: ProtectedHeaderParameters,
  context: VerifyContext,
): Promise<Principal | DomainError> {
  if (!(PARTNER_ALGORITHMS as readonly (string | undefined)[]).includes(header.alg)) {
    return refused(`partner tokens must be signed with ${PARTNER_ALGORITHMS.join(' or ')}`);
  }
  let partnerId: unknown;
  try {
    partnerId = decodeJwt(token).iss;
  } catch {
    return refused('the token payload is not a JSON object');
  }
  if (typeof partnerId !== 'string' || partnerId === '')
    return refused('the token must carry the partner id as "iss"');
  const kid = header.kid ?? '';
  // Until the signature verifies, every refusal reads the same, so a forged token learns nothing
  // about which partners exist or are suspended, which kids are live, or what a key signs with.
  const record = await context.findPartnerKey(partnerId, kid);
  if (record === undefined || record.algorithm !== header.alg) return refused(NOT_SIGNED_BY_A_LIVE_KEY);
  // The key and partner rows were just read, so only the signature and claims are taken from the cache.
  const digest = await context.partnerKeyCache.verifiedTokens.digest(token);
  const known = context.partnerKeyCache.verifiedTokens.find(digest, context.nowMs);
  const cached =
    known !== undefined &&
    known.partnerId === partnerId &&
    known.kid === kid &&
    known.algorithm === record.algorithm &&
    known.publicJwk === record.publicJwk;
  if (!cached) {
    const verified = await verifyPartnerSignature(token, { partnerId, kid, record, digest }, context);
    if (verified !== undefined) return verified;
  }
  // Only the holder of the key learns that its partner is suspended.
  if (!record.partnerActive) return refused('the partner is suspended');
  return { kind: 'partner', partnerId, kid };
}

/** The refusal of every partner token that is not signed by a live key of the partner it names. */
const NOT_SIGNED_BY_A_LIVE_KEY = 'the token is not signed by a live key of the partner named by "iss"';

/** Verifies signature and claims, remembering a token that passes; undefined when it does. */
async function verifyPartnerSignature(
  token: string,
  signed: { partnerId: string; kid: string; record: PartnerKeyRecord; digest: string },
  context: VerifyContext,
): Promise<DomainError | undefined> {
  const { partnerId, kid, record } = signed;
  const tolerance = context.settings.clockToleranceSeconds;
  const maxTokenAge = PARTNER_TOKEN_MAX_LIFETIME_SECONDS + tolerance;
  try {
    const key = await context.partnerKeyCache.get(record.algorithm, record.publicJwk);
    const { payload } = await jwtVerify(token, key, {
      algorithms: [record.algorithm],
      issuer: partnerId,
      audience: context.settings.audience,
      typ: TOKEN_TYPES.partner,
      clockTolerance: tolerance,
      maxTokenAge,
      currentDate: new Date(context.nowMs),
      requiredClaims: ['exp', 'iat', 'iss', 'aud'],
    });
    const issuedAt = payload.iat ?? 0;
    const expiresAt = payload.exp ?? 0;
    const lifetime = expiresAt - issuedAt;
    if (lifetime > PARTNER_TOKEN_MAX_LIFETIME_SECONDS) {
      return refused(
        `a partner token may live at most ${PARTNER_TOKEN_MAX_LIFETIME_SECONDS} seconds (exp - iat = ${lifetime})`,
      );
    }
    const verified: VerifiedPartnerToken = {
      partnerId,
      kid,
      algorithm: record.algorithm,
      publicJwk: record.publicJwk,
      // The same bounds jose applied, in whole seconds: not before nbf/iat, not at or after exp, not older than the maximum age.
      validFromMs: (Math.max(issuedAt, payload.nbf ?? issuedAt) - tolerance) * 1000,
      validUntilMs: Math.min(expiresAt + tolerance, issuedAt + maxTokenAge + tolerance + 1) * 1000,
    };
    context.partnerKeyCache.verifiedTokens.remember(signed.digest, verified);
    return undefined;
  } catch (error) {
    // jose checks the signature before any claim: a signature that fails says no more than a missing key.
    if (error instanceof errors.JWSSignatureVerificationFailed) return refused(NOT_SIGNED_BY_A_LIVE_KEY);
    return refused(describeJoseError(error));
  }
}

export function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `the token claim "${error.claim}" was refused: ${error.reason}`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token algorithm is not allowed';
  if (error instanceof errors.JOSEError) return `the token was refused (${error.code})`;
  return 'the token was refused';
}

export interface NetworkTokenRequest {
  readonly kind: 'operator' | 'member';
  readonly subject: string;
  readonly ttlSeconds: number;
  readonly nowMs: number;
  /** The session a member's token belongs to (`sid`). */
  readonly sessionId?: string | undefined;
}

export async function signNetworkToken(
  keys: NetworkKeySet,
  settings: TokenSettings,
  request: NetworkTokenRequest,
): Promise<string> {
  const issuedAt = Math.floor(request.nowMs / 1000);
  return new SignJWT(request.sessionId === undefined ? {} : { sid: request.sessionId })
    .setProtectedHeader({ alg: NETWORK_KEY_ALGORITHM, kid: keys.signing.kid, typ: TOKEN_TYPES[request.kind] })
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setSubject(request.subject)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + request.ttlSeconds)
    .sign(keys.signing.privateKey);
}
