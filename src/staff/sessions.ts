import { signStaffToken } from '../auth/staff-tokens.js';
import { type AuthenticationResponse, isFailure, verifyAssertion } from '../auth/webauthn.js';
import { issueChallenge, openChallenge } from '../auth/webauthn-challenges.js';
import type { BatchStatement } from '../db/database.js';
import { isChallengeUsed, useChallengeStatement } from '../db/passkeys.js';
import {
  findStaffPasskeyByCredential,
  findStaffRefreshToken,
  findStaffUser,
  openStaffSessionStatements,
  requireActiveStaffUser,
  revokeStaffSessionStatement,
  rotateStaffRefreshStatements,
  type StaffUserRow,
  staffPasskeyUsedStatements,
} from '../db/staff.js';
import type { AppDependencies } from '../dependencies.js';
import { type DomainError, domainError, type RefusalOf } from '../domain/errors.js';
import { sha256Hex } from '../domain/sha256.js';
import type { StaffRole } from '../domain/staff/roles.js';
import type { WritePlan } from '../writes/plan.js';

export type StaffContext = Pick<AppDependencies, 'db' | 'config' | 'clock' | 'ids' | 'networkKeys'>;

/** A staff session lasts a working day, however often it is refreshed; then the passkey again. */
export const STAFF_SESSION_HOURS = 12;
const HOUR_MS = 3_600_000;
/** How long the browser may wait for the staff user to touch the authenticator. */
export const CEREMONY_TIMEOUT_MS = 300_000;

/** What the console holds: a short-lived access token in memory, the refresh token in the cookie. */
export interface StaffGrant {
  readonly userId: string;
  readonly name: string;
  readonly role: StaffRole;
  readonly partnerId: string | null;
  readonly sessionId: string;
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresAt: string;
  readonly refreshToken: string;
  readonly refreshExpiresAt: string;
}

/** Staff passkeys are for the same relying party as the wallet: Tessera serves both. */
export function relyingParty(context: StaffContext) {
  const { members } = context.config;
  return { id: members.relyingPartyId, origins: members.walletOrigins };
}

export function tokenSettings(context: StaffContext) {
  const { config } = context;
  return {
    issuer: config.tokenIssuer,
    audience: config.tokenAudience,
    clockToleranceSeconds: config.clockToleranceSeconds,
  };
}

export async function openStaffSession(
  context: StaffContext,
  user: StaffUserRow,
): Promise<{ grant: StaffGrant; statements: BatchStatement[] }> {
  const { db, ids, clock } = context;
  const nowMs = clock();
  const sessionId = ids('sts');
  const expiresAtMs = nowMs + STAFF_SESSION_HOURS * HOUR_MS;
  const refreshToken = newRefreshToken();
  return {
    grant: await grantFor(context, user, sessionId, refreshToken, expiresAtMs),
    statements: openStaffSessionStatements(
      db,
      {
        id: sessionId,
        userId: user.id,
        createdAt: nowMs,
        expiresAt: expiresAtMs,
        refreshedAt: null,
        revokedAt: null,
      },
      await refreshTokenHash(refreshToken),
    ),
  };
}

/** `PublicKeyCredentialRequestOptions` for a staff sign-in with a discoverable passkey. */
export async function staffSignInOptions(context: StaffContext) {
  const issued = await issueChallenge(context.networkKeys, tokenSettings(context), {
    purpose: 'staff_sign_in',
    nowMs: context.clock(),
  });
  return {
    challengeToken: issued.challengeToken,
    expiresAt: new Date(issued.expiresAtMs).toISOString(),
    publicKey: {
      challenge: issued.challenge,
      rpId: context.config.members.relyingPartyId,
      timeout: CEREMONY_TIMEOUT_MS,
      userVerification: 'required' as const,
      allowCredentials: [] as never[],
    },
  };
}

export const STAFF_SIGN_IN_REFUSALS = ['webauthn_challenge_invalid', 'passkey_refused'] as const;

/** As a member's passkey sign-in, against the staff passkeys, for an active staff user. */
export async function planStaffSignIn(
  context: StaffContext,
  request: { challengeToken: string; credential: AuthenticationResponse },
): Promise<WritePlan<StaffGrant> | DomainError<RefusalOf<typeof STAFF_SIGN_IN_REFUSALS>>> {
  const { db, clock } = context;
  const nowMs = clock();
  const opened = await openChallenge(request.challengeToken, context.networkKeys, tokenSettings(context), {
    purpose: 'staff_sign_in',
    nowMs,
  });
  if (opened === undefined)
    return domainError(
      'webauthn_challenge_invalid',
      'The challenge is unknown or expired: ask for new options.',
    );
  const refused = (why: string) => domainError('passkey_refused', `The sign-in was refused: ${why}.`);
  if (await isChallengeUsed(db, opened.challenge)) return refused('this challenge was already answered');
  const passkey = await findStaffPasskeyByCredential(db, request.credential.rawId);
  if (passkey === undefined || request.credential.id !== request.credential.rawId)
    return refused('the passkey is not a staff passkey of Tessera');
  const user = await findStaffUser(db, passkey.userId);
  if (user === undefined || user.status !== 'active') return refused('the staff user is not active');
  const verified = await verifyAssertion(
    request.credential,
    { challenge: opened.challenge, relyingParty: relyingParty(context), userHandle: base64url(user.id) },
    { publicJwk: JSON.parse(passkey.publicJwk), algorithm: passkey.algorithm, signCount: passkey.signCount },
  );
  if (isFailure(verified)) return refused(verified.failure);
  const session = await openStaffSession(context, user);
  return {
    status: 201,
    body: session.grant,
    statements: [
      useChallengeStatement(db, opened.challenge, opened.expiresAtMs),
      ...staffPasskeyUsedStatements(db, passkey.id, { signCount: verified.signCount, nowMs }),
      requireActiveStaffUser(db, user.id),
      ...session.statements,
    ],
  };
}

export const STAFF_REFRESH_REFUSALS = ['refresh_token_invalid', 'refresh_token_reused'] as const;

/** Renews a staff session; a refresh token used twice names its session, which the caller ends. */
export async function planStaffRefresh(
  context: StaffContext,
  refreshToken: string,
): Promise<
  | WritePlan<StaffGrant>
  | DomainError<'refresh_token_invalid'>
  | (DomainError<'refresh_token_reused'> & { readonly sessionId: string })
> {
  const { db, clock } = context;
  const nowMs = clock();
  const usedHash = await refreshTokenHash(refreshToken);
  const found = await findStaffRefreshToken(db, usedHash);
  if (found === undefined) return domainError('refresh_token_invalid', 'The refresh token is not known.');
  const { token, session, user } = found;
  if (token.usedAt !== null)
    return {
      ...domainError(
        'refresh_token_reused',
        'This refresh token was used before: the session is ended, sign in again.',
      ),
      sessionId: session.id,
    };
  if (session.revokedAt !== null || session.expiresAt <= nowMs || user.status !== 'active')
    return domainError(
      'refresh_token_invalid',
      'The session of this refresh token has ended; sign in again.',
    );
  const next = newRefreshToken();
  return {
    status: 200,
    body: await grantFor(context, user, session.id, next, session.expiresAt),
    statements: rotateStaffRefreshStatements(db, {
      usedHash,
      nextHash: await refreshTokenHash(next),
      sessionId: session.id,
      nowMs,
    }),
  };
}

export function planEndStaffSession(context: StaffContext, sessionId: string): WritePlan<null> {
  return {
    status: 200,
    body: null,
    statements: [revokeStaffSessionStatement(context.db, sessionId, context.clock())],
  };
}

async function grantFor(
  context: StaffContext,
  user: StaffUserRow,
  sessionId: string,
  refreshToken: string,
  sessionEndsMs: number,
): Promise<StaffGrant> {
  const { config, networkKeys, clock } = context;
  const nowMs = clock();
  const ttlSeconds = Math.max(
    1,
    Math.min(config.members.sessionTokenTtlSeconds, Math.floor((sessionEndsMs - nowMs) / 1000)),
  );
  const accessToken = await signStaffToken(networkKeys, tokenSettings(context), {
    userId: user.id,
    sessionId,
    role: user.role,
    partnerId: user.partnerId,
    ttlSeconds,
    nowMs,
  });
  return {
    userId: user.id,
    name: user.name,
    role: user.role,
    partnerId: user.partnerId,
    sessionId,
    accessToken,
    tokenType: 'Bearer',
    expiresAt: new Date((Math.floor(nowMs / 1000) + ttlSeconds) * 1000).toISOString(),
    refreshToken,
    refreshExpiresAt: new Date(sessionEndsMs).toISOString(),
  };
}

function newRefreshToken(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `tsr_${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

function refreshTokenHash(token: string): Promise<string> | string {
  return sha256Hex(`staff-refresh:${token}`);
}

function base64url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
