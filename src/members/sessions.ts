import { signNetworkToken } from '../auth/tokens.js';
import type { BatchStatement } from '../db/database.js';
import { findMember } from '../db/members.js';
import {
  findRefreshToken,
  openSessionStatements,
  revokeSessionsStatement,
  rotateRefreshTokenStatements,
} from '../db/sessions.js';
import type { AppDependencies } from '../dependencies.js';
import { type DomainError, domainError } from '../domain/errors.js';
import { sha256Hex } from '../domain/sha256.js';
import type { WritePlan } from '../writes/plan.js';
import { standing } from './standing.js';

const DAY_MS = 86_400_000;

export type SessionContext = Pick<AppDependencies, 'db' | 'config' | 'clock' | 'ids' | 'networkKeys'>;

/** What a signed-in member's app holds: a short-lived access token, and the refresh token that renews it. */
export interface SessionGrant {
  readonly memberId: string;
  readonly sessionId: string;
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresAt: string;
  readonly refreshToken: string;
  /** When the session ends, however often it is refreshed. */
  readonly refreshExpiresAt: string;
}

export interface SessionOpening {
  readonly grant: SessionGrant;
  readonly statements: BatchStatement[];
}

/** A new session for a member who just proved who they are (a claim code, a passkey). */
export async function openSession(
  context: SessionContext,
  opening: { memberId: string; method: 'claim' | 'passkey'; passkeyId?: string | null },
): Promise<SessionOpening> {
  const { db, ids, clock, config } = context;
  const nowMs = clock();
  const sessionId = ids('ses');
  const expiresAtMs = nowMs + config.members.sessionDays * DAY_MS;
  const refreshToken = newRefreshToken();
  const grant = await grantFor(context, opening.memberId, sessionId, refreshToken, expiresAtMs);
  return {
    grant,
    statements: openSessionStatements(
      db,
      {
        id: sessionId,
        memberId: opening.memberId,
        method: opening.method,
        passkeyId: opening.passkeyId ?? null,
        createdAt: nowMs,
        expiresAt: expiresAtMs,
        refreshedAt: null,
        revokedAt: null,
      },
      await refreshTokenHash(refreshToken),
    ),
  };
}

/** What refreshing can be refused with. */
export const REFRESH_REFUSALS = ['refresh_token_invalid', 'refresh_token_reused'] as const;

/**
 * Renews a session: the refresh token is used once and replaced by the next. A token presented a
 * second time means two holders (one of them a thief): the refusal names the session, which the
 * caller then ends (`planEndSession`), so both holders must sign in again.
 */
export async function planRefresh(
  context: SessionContext,
  refreshToken: string,
): Promise<
  | WritePlan<SessionGrant>
  | DomainError<'refresh_token_invalid'>
  | (DomainError<'refresh_token_reused'> & { readonly sessionId: string })
> {
  const { db, clock } = context;
  const nowMs = clock();
  const usedHash = await refreshTokenHash(refreshToken);
  const found = await findRefreshToken(db, usedHash);
  if (found === undefined) return domainError('refresh_token_invalid', 'The refresh token is not known.');
  const { token, session } = found;
  if (token.usedAt !== null) {
    return {
      ...domainError(
        'refresh_token_reused',
        'This refresh token was used before: the session is ended, sign in again.',
      ),
      sessionId: session.id,
    };
  }
  if (session.revokedAt !== null || session.expiresAt <= nowMs)
    return domainError(
      'refresh_token_invalid',
      'The session of this refresh token has ended; sign in again.',
    );
  const member = await findMember(db, session.memberId);
  if (member === undefined || 'code' in standing(member))
    return domainError('refresh_token_invalid', 'The membership of this session is no longer in use.');
  const next = newRefreshToken();
  return {
    status: 200,
    body: await grantFor(context, session.memberId, session.id, next, session.expiresAt),
    statements: rotateRefreshTokenStatements(db, {
      usedHash,
      nextHash: await refreshTokenHash(next),
      sessionId: session.id,
      nowMs,
    }),
  };
}

/** Ends one session (sign-out, or a refresh token used twice). */
export function planEndSession(context: SessionContext, sessionId: string): WritePlan<null> {
  return {
    status: 200,
    body: null,
    statements: [revokeSessionsStatement(context.db, { sessionId }, context.clock())],
  };
}

async function grantFor(
  context: SessionContext,
  memberId: string,
  sessionId: string,
  refreshToken: string,
  sessionEndsMs: number,
): Promise<SessionGrant> {
  const { config, networkKeys, clock } = context;
  const nowMs = clock();
  // An access token never outlives its session.
  const ttlSeconds = Math.max(
    1,
    Math.min(config.members.sessionTokenTtlSeconds, Math.floor((sessionEndsMs - nowMs) / 1000)),
  );
  const accessToken = await signNetworkToken(
    networkKeys,
    {
      issuer: config.tokenIssuer,
      audience: config.tokenAudience,
      clockToleranceSeconds: config.clockToleranceSeconds,
    },
    { kind: 'member', subject: memberId, ttlSeconds, nowMs, sessionId },
  );
  return {
    memberId,
    sessionId,
    accessToken,
    tokenType: 'Bearer',
    expiresAt: new Date((Math.floor(nowMs / 1000) + ttlSeconds) * 1000).toISOString(),
    refreshToken,
    refreshExpiresAt: new Date(sessionEndsMs).toISOString(),
  };
}

/** 256 random bits, base64url, with a prefix that says what it is. */
function newRefreshToken(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `tsr_${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

function refreshTokenHash(token: string): Promise<string> | string {
  return sha256Hex(`refresh:${token}`);
}
