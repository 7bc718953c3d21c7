import { base64url, decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import { NETWORK_KEY_ALGORITHM, type NetworkKeySet } from './network-keys.js';
import type { TokenSettings } from './tokens.js';

/** A WebAuthn ceremony's challenge, signed by the network so that asking for one writes nothing. */
export const CHALLENGE_TOKEN_TYPE = 'tessera-webauthn+jwt';

/** How long a member has to touch their authenticator. */
export const CHALLENGE_TTL_SECONDS = 300;

export type CeremonyPurpose = 'register' | 'sign_in' | 'staff_register' | 'staff_sign_in';

export interface IssuedChallenge {
  /** What the authenticator signs (base64url of 32 random bytes). */
  readonly challenge: string;
  /** What the client hands back with the response: the challenge, signed with its purpose and end. */
  readonly challengeToken: string;
  readonly expiresAtMs: number;
}

/**
 * A fresh challenge for one ceremony, bound to its purpose (and, for a registration, to the
 * member). It is stateless until used: the batch that accepts the response records the challenge
 * as used (`used_challenges`), so a response can never be accepted twice.
 */
export async function issueChallenge(
  keys: NetworkKeySet,
  settings: TokenSettings,
  ceremony: { purpose: CeremonyPurpose; memberId?: string | undefined; nowMs: number },
): Promise<IssuedChallenge> {
  const random = new Uint8Array(32);
  crypto.getRandomValues(random);
  const challenge = base64url.encode(random);
  const issuedAt = Math.floor(ceremony.nowMs / 1000);
  const expiresAt = issuedAt + CHALLENGE_TTL_SECONDS;
  const token = new SignJWT({ challenge, purpose: ceremony.purpose })
    .setProtectedHeader({ alg: NETWORK_KEY_ALGORITHM, kid: keys.signing.kid, typ: CHALLENGE_TOKEN_TYPE })
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt);
  if (ceremony.memberId !== undefined) token.setSubject(ceremony.memberId);
  return {
    challenge,
    challengeToken: await token.sign(keys.signing.privateKey),
    expiresAtMs: expiresAt * 1000,
  };
}

/** The challenge a token carries, if the network signed it for this ceremony and it has not expired. */
export async function openChallenge(
  token: string,
  keys: NetworkKeySet,
  settings: TokenSettings,
  ceremony: { purpose: CeremonyPurpose; memberId?: string | undefined; nowMs: number },
): Promise<{ challenge: string; expiresAtMs: number } | undefined> {
  try {
    const key = keys.verification.get(decodeProtectedHeader(token).kid ?? '');
    if (key === undefined) return undefined;
    const { payload } = await jwtVerify(token, key, {
      algorithms: [NETWORK_KEY_ALGORITHM],
      typ: CHALLENGE_TOKEN_TYPE,
      issuer: settings.issuer,
      audience: settings.audience,
      currentDate: new Date(ceremony.nowMs),
      clockTolerance: settings.clockToleranceSeconds,
      requiredClaims: ['exp'],
    });
    if (payload.purpose !== ceremony.purpose || typeof payload.challenge !== 'string') return undefined;
    if (ceremony.memberId !== undefined && payload.sub !== ceremony.memberId) return undefined;
    return { challenge: payload.challenge, expiresAtMs: (payload.exp ?? 0) * 1000 };
  } catch {
    return undefined;
  }
}
