import { jwtVerify, type ProtectedHeaderParameters, SignJWT } from 'jose';
import type { DomainError } from '../domain/errors.js';
import { isStaffRole, type StaffRole } from '../domain/staff/roles.js';
import { NETWORK_KEY_ALGORITHM, type NetworkKeySet } from './network-keys.js';
import { type Principal, type PrincipalKind, STAFF_TOKEN_TYPE } from './principal.js';
import { describeJoseError, refused, type TokenSettings, type VerifyContext } from './tokens.js';

export interface StaffTokenRequest {
  readonly userId: string;
  readonly sessionId: string;
  readonly role: StaffRole;
  /** The partner of a partner staff user; undefined for operator staff. */
  readonly partnerId: string | null;
  readonly ttlSeconds: number;
  readonly nowMs: number;
}

export async function signStaffToken(
  keys: NetworkKeySet,
  settings: TokenSettings,
  request: StaffTokenRequest,
): Promise<string> {
  const issuedAt = Math.floor(request.nowMs / 1000);
  const claims =
    request.partnerId === null
      ? { sid: request.sessionId, role: request.role }
      : { sid: request.sessionId, role: request.role, ptn: request.partnerId };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: NETWORK_KEY_ALGORITHM, kid: keys.signing.kid, typ: STAFF_TOKEN_TYPE })
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setSubject(request.userId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + request.ttlSeconds)
    .sign(keys.signing.privateKey);
}

/**
 * A staff token stands for the operator (operator staff) or its partner (partner staff), so it is
 * accepted where that principal is. Whether the session is still open and the role may call the
 * route is decided by the middleware, which reads the database.
 */
export async function verifyStaffToken(
  token: string,
  header: ProtectedHeaderParameters,
  accepted: readonly PrincipalKind[],
  context: VerifyContext,
): Promise<Principal | DomainError> {
  if (header.alg !== NETWORK_KEY_ALGORITHM)
    return refused(`network tokens are signed with ${NETWORK_KEY_ALGORITHM}`);
  if (typeof header.kid !== 'string' || header.kid === '')
    return refused('the token header must carry a "kid"');
  const key = context.networkKeys.verification.get(header.kid);
  if (key === undefined) return refused('the token "kid" is not a network key');
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [NETWORK_KEY_ALGORITHM],
      issuer: context.settings.issuer,
      audience: context.settings.audience,
      typ: STAFF_TOKEN_TYPE,
      clockTolerance: context.settings.clockToleranceSeconds,
      currentDate: new Date(context.nowMs),
      requiredClaims: ['exp', 'iat', 'sub', 'sid', 'role'],
    });
    const { sub, sid, role, ptn } = payload;
    if (typeof sub !== 'string' || typeof sid !== 'string' || typeof role !== 'string')
      return refused('the staff token claims are malformed');
    const kind = typeof ptn === 'string' ? 'partner' : 'operator';
    if (!isStaffRole(kind, role)) return refused('the staff token names an unknown role');
    if (!accepted.includes(kind))
      return refused(
        `${kind === 'operator' ? 'an operator' : 'a partner'} staff token cannot be used on this route`,
      );
    const staff = { userId: sub, role, sessionId: sid };
    return kind === 'partner' && typeof ptn === 'string'
      ? { kind, partnerId: ptn, kid: 'staff', staff }
      : { kind: 'operator', subject: sub, staff };
  } catch (error) {
    return refused(describeJoseError(error));
  }
}
