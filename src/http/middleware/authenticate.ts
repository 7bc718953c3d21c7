import type { Context, MiddlewareHandler } from 'hono';
import type { Principal, PrincipalKind } from '../../auth/principal.js';
import { verifyBearerToken } from '../../auth/tokens.js';
import { memberAccess } from '../../db/members.js';
import { findLivePartnerKey } from '../../db/partner-keys.js';
import { staffAccess } from '../../db/staff.js';
import { isDomainError } from '../../domain/errors.js';
import { roleAllows } from '../../domain/staff/roles.js';
import type { AppDependencies, AppEnv } from '../context.js';
import { AUTH_REFUSALS, fail } from '../problems.js';

const SECURITY_SCHEMES: Record<PrincipalKind, string> = {
  operator: 'operatorToken',
  member: 'memberToken',
  partner: 'partnerToken',
};

/** What a token can be refused with on a route open to these principals. */
export function authRefusals(...kinds: PrincipalKind[]) {
  return kinds.includes('member') ? ([...AUTH_REFUSALS, 'member_not_found'] as const) : AUTH_REFUSALS;
}

/** Route options declaring who may call it: the OpenAPI `security` and the middleware that enforces it. */
export function accepts(...kinds: PrincipalKind[]) {
  return {
    security: kinds.map((kind) => ({ [SECURITY_SCHEMES[kind]]: [] })),
    middleware: authenticate(kinds),
  };
}

function authenticate(kinds: readonly PrincipalKind[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header === undefined || header === '') {
      fail({ code: 'unauthorized', detail: 'Send a bearer token in the Authorization header.' });
    }
    const match = /^Bearer ([A-Za-z0-9_\-.]+)$/i.exec(header.trim());
    if (match?.[1] === undefined)
      fail({ code: 'invalid_token', detail: 'The Authorization header must be "Bearer <token>".' });
    const deps = c.get('deps');
    const principal = await verifyBearerToken(match[1], kinds, {
      settings: {
        issuer: deps.config.tokenIssuer,
        audience: deps.config.tokenAudience,
        clockToleranceSeconds: deps.config.clockToleranceSeconds,
      },
      networkKeys: deps.networkKeys,
      partnerKeyCache: deps.partnerKeyCache,
      findPartnerKey: (partnerId, kid) => findPartnerKey(deps, partnerId, kid),
      nowMs: deps.clock(),
    });
    if (isDomainError(principal)) fail(principal);
    if (principal.kind === 'member') await requireMemberAccess(deps, principal.memberId, principal.sessionId);
    if (principal.kind !== 'member' && principal.staff !== undefined) await requireStaffAccess(c, principal);
    if (principal.kind === 'partner') {
      // Counted after the signature is verified, so no one can spend another partner's budget.
      const retryAfterSeconds = c.get('rateLimiter').take(principal.partnerId);
      if (retryAfterSeconds !== undefined) {
        fail({
          code: 'rate_limited',
          detail: `The partner made more than ${deps.config.rateLimitPerMinute} requests in a minute; retry after ${retryAfterSeconds} s.`,
          extensions: { retryAfterSeconds },
        });
      }
    }
    c.set('principal', principal);
    await next();
  };
}

/**
 * The network signs member tokens; a token opens nothing for an id that was never enrolled, for a
 * membership merged into another or erased, or for a session that has ended (signed out, its
 * passkey removed, its refresh token reused): one query, on every member request.
 */
async function requireMemberAccess(deps: AppDependencies, memberId: string, sessionId: string | undefined) {
  const access = await memberAccess(deps.db, memberId, sessionId);
  if (access === undefined || access.status !== 'active') {
    const why =
      access === undefined
        ? 'who is not enrolled'
        : access.status === 'merged'
          ? `whose membership was merged into ${access.mergedIntoMemberId}`
          : 'whose data was erased';
    fail({ code: 'member_not_found', detail: `The token names member ${memberId}, ${why}.` });
  }
  if (sessionId !== undefined && access.sessionEnded !== 0)
    fail({ code: 'invalid_token', detail: 'The session of this token has ended; sign in again.' });
}

/**
 * A staff token opens a route while its session is open, its user active and (partner staff) its
 * partner not suspended, and only a route its role allows: one query, on every staff request.
 */
async function requireStaffAccess(c: Context<AppEnv>, principal: Exclude<Principal, { kind: 'member' }>) {
  const { staff } = principal;
  if (staff === undefined) return;
  const deps = c.get('deps');
  const access = await staffAccess(deps.db, {
    userId: staff.userId,
    sessionId: staff.sessionId,
    nowMs: deps.clock(),
  });
  if (access === undefined || access.role !== staff.role)
    fail({ code: 'invalid_token', detail: 'The staff session of this token has ended; sign in again.' });
  const partnerId = principal.kind === 'partner' ? principal.partnerId : null;
  if (access.partnerId !== partnerId)
    fail({ code: 'invalid_token', detail: 'The staff token names another principal than its user.' });
  if (access.partnerStatus !== null && access.partnerStatus !== 'active')
    fail({ code: 'invalid_token', detail: 'The partner of this staff user is suspended.' });
  // Hono's route path (`/v1/settlements/:settlementId`) as the OpenAPI document writes it.
  const path = c.req.routePath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
  if (!roleAllows(staff.role, c.req.method, path))
    fail({
      code: 'staff_role_forbidden',
      detail: `${principal.kind === 'operator' ? 'An' : 'A'} ${principal.kind} ${staff.role} may not call ${c.req.method} ${path}.`,
    });
}

async function findPartnerKey(deps: AppDependencies, partnerId: string, kid: string) {
  const row = await findLivePartnerKey(deps.db, partnerId, kid);
  return row === undefined
    ? undefined
    : { algorithm: row.algorithm, publicJwk: row.publicJwk, partnerActive: row.status === 'active' };
}
